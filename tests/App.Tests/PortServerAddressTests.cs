using LanguageExt.Common;
using PortReservation.App.Cli;
using PortReservation.App.Serving;

namespace PortReservation.App.Tests;

/// <summary>Addresses as portpicker's clients name them in PORTSERVER_ADDRESS.</summary>
public sealed class PortServerAddressTests
{
    [Fact]
    public void A_leading_at_sign_is_the_abstract_namespace_and_anything_else_a_path()
    {
        var @abstract = PortServerAddress.Parse("@unittest-portserver").ThrowIfFail();
        var path = PortServerAddress.Parse("/run/user/1000/port@server").ThrowIfFail();

        Assert.True(@abstract.IsAbstract);
        Assert.False(path.IsAbstract);

        // sockaddr_un after its two family bytes: a NUL and the name, no terminator, which would be part of the name and
        // make it another than the one portpicker connects to; the path as it is.
        Assert.Equal("\0unittest-portserver"u8.ToArray(), SunPath(@abstract));
        Assert.Equal("/run/user/1000/port@server"u8.ToArray(), SunPath(path).TakeWhile(b => b != 0).ToArray());
    }

    private static byte[] SunPath(PortServerAddress address)
    {
        var serialized = address.EndPoint.Serialize();
        return Enumerable.Range(2, serialized.Size - 2).Select(i => serialized[i]).ToArray();
    }

    [Theory]
    [InlineData("")]
    [InlineData("@")]
    [InlineData("a\0b")]
    public void An_address_that_names_no_socket_is_a_usage_problem(string address) =>
        Assert.IsType<UsageProblem>((Error)PortServerAddress.Parse(address));

    [Fact]
    public void A_name_longer_than_a_unix_socket_takes_is_a_usage_problem()
    {
        Assert.True(PortServerAddress.Parse("@" + new string('a', 107)).IsSucc);
        Assert.IsType<UsageProblem>((Error)PortServerAddress.Parse("@" + new string('a', 108)));
        Assert.IsType<UsageProblem>((Error)PortServerAddress.Parse("/" + new string('a', 107)));
    }
}
