namespace PortReservation.Domain;

/// <summary>SplitMix64's finalizer and its inverse: a bijection of 64-bit values that spreads neighbours apart.</summary>
internal static class SplitMix
{
    /// <summary>The golden-ratio step of the SplitMix64 sequence: value n mixes <c>seed + n * Golden</c>.</summary>
    public const ulong Golden = 0x9E3779B97F4A7C15UL;

    private const ulong First = 0xBF58476D1CE4E5B9UL;
    private const ulong Second = 0x94D049BB133111EBUL;
    private static readonly ulong FirstInverse = Inverse(First);
    private static readonly ulong SecondInverse = Inverse(Second);

    /// <summary>The mixed value.</summary>
    public static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * First;
            z = (z ^ (z >> 27)) * Second;
            return z ^ (z >> 31);
        }
    }

    /// <summary>The value whose <see cref="Mix"/> is <paramref name="z"/>.</summary>
    public static ulong Unmix(ulong z)
    {
        unchecked
        {
            z = UndoShift(z, 31) * SecondInverse;
            z = UndoShift(z, 27) * FirstInverse;
            return UndoShift(z, 30);
        }
    }

    /// <summary>The multiplicative inverse of an odd number modulo 2^64 (Newton's iteration doubles the correct bits each step).</summary>
    public static ulong Inverse(ulong odd)
    {
        unchecked
        {
            var inverse = odd;
            for (var i = 0; i < 6; i++)
            {
                inverse *= 2 - (odd * inverse);
            }

            return inverse;
        }
    }

    /// <summary>Undoes <c>z ^ (z &gt;&gt; shift)</c>.</summary>
    private static ulong UndoShift(ulong z, int shift)
    {
        var x = z;
        for (var done = shift; done < 64; done += shift)
        {
            x = z ^ (x >> shift);
        }

        return x;
    }
}
