using System.Reflection;
using PortReservation.Domain;
using Xunit;

namespace PortReservation.Adapters.Winsock.Tests;

public sealed class ErrorCodeTests
{
    // The spec's table of error numbers, plus NO_ERROR.
    private static readonly Dictionary<string, int> SpecTable = new()
    {
        ["NO_ERROR"] = 0,
        ["ERROR_ACCESS_DENIED"] = 5,
        ["ERROR_SHARING_VIOLATION"] = 32,
        ["ERROR_INVALID_PARAMETER"] = 87,
        ["ERROR_NOT_FOUND"] = 1168,
        ["WSA_OPERATION_ABORTED"] = 995,
        ["WSA_IO_PENDING"] = 997,
        ["WSAEINTR"] = 10004,
        ["WSAEACCES"] = 10013,
        ["WSAEFAULT"] = 10014,
        ["WSAEINVAL"] = 10022,
        ["WSAENOTSOCK"] = 10038,
        ["WSAEOPNOTSUPP"] = 10045,
        ["WSAEADDRINUSE"] = 10048,
        ["WSAENOBUFS"] = 10055,
    };

    public static TheoryData<string, int> SpecRows()
    {
        var rows = new TheoryData<string, int>();
        foreach (var (name, value) in SpecTable)
        {
            rows.Add(name, value);
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(SpecRows))]
    public void Spec_code_is_declared_under_its_native_name_with_its_value(string name, int value)
    {
        Assert.True(DeclaredCodes().TryGetValue(name, out int declared), $"{name} is not declared in WindowsCodes");
        Assert.Equal(value, declared);
    }

    [Fact]
    public void WindowsCodes_declares_no_code_beyond_the_spec_table()
    {
        Assert.Empty(DeclaredCodes().Keys.Except(SpecTable.Keys));
    }

    [Fact]
    public void No_two_codes_share_a_value()
    {
        Dictionary<string, int> declared = DeclaredCodes();
        Assert.Equal(declared.Count, declared.Values.Distinct().Count());
    }

    private static Dictionary<string, int> DeclaredCodes() =>
        typeof(WindowsCodes)
            .GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(field => field.IsLiteral)
            .ToDictionary(field => field.Name, field => (int)field.GetRawConstantValue()!);
}
