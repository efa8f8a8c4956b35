using FsCheck;
using FsCheck.Experimental;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortReservation.Properties.Model;

namespace PortReservation.Properties;

/// <summary>
/// Model-based test of the fake: random scripts of every command, run on the fake and on a reference
/// model written independently of the domain's table, every answer and the table compared after each step.
/// </summary>
public sealed class FakeModelTests
{
    [Property]
    public Property The_fake_gives_every_command_the_answer_of_the_reference_model() =>
        new ReservationMachine().ToProperty();

    [Property(MaxTest = 60)]
    public Property Over_a_wide_range_long_scripts_fragmenting_it_get_the_answers_of_the_reference_model() =>
        ReservationMachine.Wide().ToProperty();
}
