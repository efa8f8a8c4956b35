using System.Numerics;

namespace PortReservation.Domain;

/// <summary>Runs of set bits in a 64-bit word, bit 0 first: the free ports of one leaf of a <see cref="PortSpace"/>.</summary>
internal static class Runs
{
    private const int Bits = 64;

    /// <summary>How many set bits the word starts with.</summary>
    public static int Prefix(ulong word) => BitOperations.TrailingZeroCount(~word);

    /// <summary>How many set bits the word ends with.</summary>
    public static int Suffix(ulong word) => BitOperations.LeadingZeroCount(~word);

    /// <summary>The length of the longest run of set bits.</summary>
    public static int Longest(ulong word)
    {
        var longest = 0;
        for (var at = NextRun(word, 0); at < Bits; )
        {
            var length = RunAt(word, at);
            longest = Math.Max(longest, length);
            at = NextRun(word, at + length);
        }

        return longest;
    }

    /// <summary>Where the lowest run of at least <paramref name="count"/> set bits starts; the word holds one.</summary>
    public static int FirstOfLength(ulong word, int count)
    {
        for (var at = NextRun(word, 0); at < Bits; )
        {
            var length = RunAt(word, at);
            if (length >= count)
            {
                return at;
            }

            at = NextRun(word, at + length);
        }

        throw new ArgumentException($"no run of {count} set bits in {word:X16}", nameof(word));
    }

    /// <summary>Where the highest run of at least <paramref name="count"/> set bits ends; the word holds one.</summary>
    public static int LastOfLength(ulong word, int count)
    {
        var end = -1;
        for (var at = NextRun(word, 0); at < Bits; )
        {
            var length = RunAt(word, at);
            if (length >= count)
            {
                end = at + length - 1;
            }

            at = NextRun(word, at + length);
        }

        return end >= 0 ? end : throw new ArgumentException($"no run of {count} set bits in {word:X16}", nameof(word));
    }

    /// <summary>The lowest set bit at or above <paramref name="from"/>, or 64.</summary>
    private static int NextRun(ulong word, int from) =>
        from >= Bits ? Bits : Math.Min(Bits, from + BitOperations.TrailingZeroCount(word >> from));

    /// <summary>How many set bits follow from <paramref name="at"/>, which is set.</summary>
    private static int RunAt(ulong word, int at) => Math.Min(Bits - at, BitOperations.TrailingZeroCount(~(word >> at)));
}
