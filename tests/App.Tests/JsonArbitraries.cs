using FsCheck;
using FsCheck.Fluent;
using PortReservation.App.Output;

namespace PortReservation.App.Tests;

/// <summary>Arbitrary strings, numbers and --json documents, hostile ones weighted in.</summary>
internal static class JsonArbitraries
{
    /// <summary>Strings of any UTF-16 code units: JSON's escapes, control characters, non-ASCII, emoji, lone surrogates, long runs.</summary>
    public static readonly Gen<string> Strings =
        Gen.ListOf(Gen.Frequency(
                (4, Gen.Choose(0x20, 0x7E).Select(c => ((char)c).ToString())),
                (3, Gen.Elements(
                    "\"", "\\", "/", "\n", "\r", "\t", "\b", "\f", "\u0000", "\u001F", "\u007F", "\u0080", "\u00A0", "\u00AD", "\u2028",
                    "\u2029", "\u3000", "\uFEFF", "\uFFFD", "\uFFFF", "\uE000", "\u0378", "é", "ポート", "😀", "<>&'+`", "\uD800", "\uDBFF",
                    "\uDC00", "\uDFFF", "\uDC00\uD800")),
                (2, Gen.Choose(0, 0xFFFF).Select(c => ((char)c).ToString())),
                (1, Gen.Choose(0x10000, 0x10FFFF).Select(char.ConvertFromUtf32)),
                (1, Gen.Elements("x", "\"", "é", "😀", "\n").Zip(Gen.Choose(100, 3000)).Select(t => string.Concat(Enumerable.Repeat(t.Item1, t.Item2))))))
            .Select(string.Concat);

    public static readonly Gen<int> Ints = Gen.Frequency(
        (3, ArbMap.Default.GeneratorFor<int>()),
        (1, Gen.Elements(int.MinValue, int.MaxValue, 0, -1, 65535)));

    public static readonly Gen<long?> Pids = Gen.Frequency(
        (1, Gen.Constant((long?)null)),
        (2, ArbMap.Default.GeneratorFor<long>().Select(n => (long?)n)),
        (1, Gen.Elements<long?>(long.MinValue, long.MaxValue, 0L)));

    public static readonly Gen<bool> Bools = ArbMap.Default.GeneratorFor<bool>();

    public static readonly Gen<ReservationJson> Reservations =
        from protocol in Strings
        from start in Ints
        from count in Ints
        from end in Ints
        from kind in Strings
        from token in Strings
        from pid in Pids
        select new ReservationJson(protocol, start, count, end, kind, token, pid);

    /// <summary>Every document --json prints, with arbitrary values.</summary>
    public static readonly Gen<IJsonOutput> Documents = Gen.OneOf(
        (from protocol in Strings from start in Ints from count in Ints from token in Strings
         select (IJsonOutput)new TokenJson(protocol, start, count, token)),
        Gen.ArrayOf(Reservations).Select(rows => (IJsonOutput)new ShowJson(rows)),
        (from protocol in Strings from port in Ints from reserved in Bools
         from reservation in Gen.Frequency((1, Gen.Constant((ReservationJson?)null)), (2, Reservations.Select(r => (ReservationJson?)r)))
         from inDynamic in Bools from inUse in Bools from range in Strings from explanation in Strings
         select (IJsonOutput)new WhyJson(protocol, port, reserved, reservation, inDynamic, inUse, range, explanation)),
        (from protocol in Strings from start in Ints from count in Ints
         select (IJsonOutput)new DeleteJson(new BlockJson(protocol, start, count))),
        (from protocol in Strings from token in Strings select (IJsonOutput)new ReleaseJson(new ReleasedJson(protocol, token))),
        (from kind in Strings from message in Strings from code in Ints select (IJsonOutput)new ErrorJson(new ErrorBodyJson(kind, message, code))),
        (from protocol in Strings from imported in Ints from persistent in Ints from runtime in Ints
         select (IJsonOutput)new ImportJson(protocol, imported, persistent, runtime)),
        (from calls in Ints
         from differences in Gen.ArrayOf(from line in Ints from what in Strings select new DifferenceJson(line, what))
         select (IJsonOutput)new ReplayJson(calls, differences)),
        (from adapter in Strings from os in Strings from agree in Bools
         from steps in Gen.ArrayOf(
             from line in Ints from step in Strings from expected in Strings from got in Strings
             from difference in Gen.Frequency((1, Gen.Constant((string?)null)), (1, Strings.Select(s => (string?)s)))
             select new SelfTestStepJson(line, step, expected, got, difference))
         select (IJsonOutput)new SelfTestJson(adapter, os, agree, steps)));
}
