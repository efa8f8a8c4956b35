using System.Net.Sockets;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortReservation.Domain;
using PortReservation.Testing;
using Xunit;

namespace PortReservation.Adapters.Winsock.Tests;

public sealed class NativeErrorsTests
{
    private static readonly Arbitrary<NativeCall> Calls = CodeTable.Calls.ToArbitrary();

    private static readonly Arbitrary<int> UnknownCodes =
        ArbMap.Default.GeneratorFor<int>()
            .Where(code => code != 0 && !CodeTable.Codes.Contains(code))
            .ToArbitrary();

    [Property]
    public Property Every_code_of_the_table_maps_to_its_case_and_keeps_its_number() =>
        Prop.ForAll(Calls, call =>
        {
            var wrong = CodeTable.Codes
                .Select(code => (Code: code, Error: NativeErrors.ToError(code, call)))
                .Where(m => m.Error.GetType() != CodeTable.ExpectedCase(m.Code, call) || m.Error.WindowsCode != m.Code)
                .Select(m => $"{m.Code} -> {m.Error.GetType().Name} {m.Error.WindowsCode}, expected {CodeTable.ExpectedCase(m.Code, call).Name} {m.Code}")
                .ToList();
            return (wrong.Count == 0).Label($"{call}: {string.Join("; ", wrong)}");
        });

    [Property]
    public Property Unknown_codes_are_Unexpected_and_keep_their_number() =>
        Prop.ForAll(Calls, UnknownCodes, (call, code) =>
            NativeErrors.ToError(code, call) is ReservationError.Unexpected unexpected && unexpected.WindowsCode == code);

    [Property]
    public Property Conflict_names_the_protocol_and_the_block_of_the_call_and_no_overlapping_reservation() =>
        Prop.ForAll(Calls, Gen.Elements(32, 10048).ToArbitrary(), (call, code) =>
            CodeTable.NamedBlock(call).Match(
                Some: block => NativeErrors.ToError(code, call) is ReservationError.Conflict conflict
                    && conflict.Protocol == call.Protocol
                    && conflict.Requested == block
                    && conflict.Overlapping.IsNone,
                None: () => NativeErrors.ToError(code, call) is ReservationError.Unexpected));

    [Property]
    public Property NotASocket_names_the_socket_of_the_call() =>
        Prop.ForAll(Calls, call =>
            CodeTable.SocketOf(call).Match(
                Some: socket => NativeErrors.ToError(10038, call) is ReservationError.NotASocket notASocket && notASocket.Socket == socket,
                None: () => NativeErrors.ToError(10038, call) is ReservationError.Unexpected));

    [Property]
    public Property Exhausted_is_in_the_protocol_of_the_call() =>
        Prop.ForAll(Calls, call =>
            NativeErrors.ToError(10055, call) is ReservationError.Exhausted exhausted && exhausted.Protocol == call.Protocol);

    [Property]
    public Property Check_succeeds_for_NO_ERROR_and_fails_with_the_mapped_error_otherwise() =>
        Prop.ForAll(Calls, Gen.Elements(CodeTable.Codes).ToArbitrary(), (call, code) =>
            NativeErrors.Check(0, call).IsSucc
            && NativeErrors.Check(code, call).Match(
                Succ: _ => false,
                Fail: error => error.GetType() == CodeTable.ExpectedCase(code, call) && error.Code == code));

    [Property]
    public Property Token_is_the_token_on_success_and_the_mapped_error_on_failure() =>
        Prop.ForAll(Calls, DomainGenerators.Tokens.ToArbitrary(), Gen.Elements(CodeTable.Codes).ToArbitrary(), (call, token, code) =>
            NativeErrors.Token(0, token.Value, call).Match(Succ: answered => answered == token, Fail: _ => false)
            && NativeErrors.Token(code, token.Value, call).Match(
                Succ: _ => false,
                Fail: error => error.GetType() == CodeTable.ExpectedCase(code, call) && error.Code == code));

    [Property]
    public Property Success_with_token_0_is_Unexpected_with_code_0() =>
        Prop.ForAll(Calls, call =>
            NativeErrors.Token(0, 0, call).Match(
                Succ: _ => false,
                Fail: error => error is ReservationError.Unexpected && error.Code == 0));

    [Theory]
    [InlineData(10013)]
    [InlineData(10022)]
    [InlineData(10048)]
    [InlineData(10055)]
    [InlineData(10038)]
    public void CodeOf_reads_the_WinSock_number_of_a_SocketException(int code)
    {
        Assert.Equal(code, NativeErrors.CodeOf(new SocketException(code)));
    }

    [Fact]
    public void CodeOf_reads_the_WinSock_number_of_a_real_failure_on_this_OS()
    {
        using var first = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        first.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        using var second = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        var failure = Assert.Throws<SocketException>(() => second.Bind(first.LocalEndPoint!));

        Assert.Equal(10048, NativeErrors.CodeOf(failure));
    }
}
