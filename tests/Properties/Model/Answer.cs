using PortReservation.Domain;

namespace PortReservation.Properties.Model;

/// <summary>
/// One answer to one command, in a form both the fake and the model can give: success with a value
/// (a block, a port, a reservation's model number), or the error's case and Windows code.
/// </summary>
internal sealed record Answer(string? Error, int Code, string Value)
{
    public static Answer Ok(string value = "") => new(null, 0, value);

    public static Answer Fail(string error, int code) => new(error, code, "");

    public static Answer Fail(ReservationError error) => Fail(error.GetType().Name, error.WindowsCode);

    public override string ToString() => Error is null ? $"ok {Value}".TrimEnd() : $"{Error} {Code}";
}
