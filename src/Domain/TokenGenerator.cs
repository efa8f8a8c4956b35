namespace PortReservation.Domain;

/// <summary>
/// The deterministic source of tokens, carried in the table so every transition is replayable.
/// Token n is SplitMix64 of <c>Seed + n * golden</c>: a bijection of n, so tokens never repeat in
/// 2^64 draws; the one draw that mixes to 0 is skipped, so a token is never 0. One generator serves
/// both protocols, so tokens are unique machine-wide.
/// </summary>
/// <param name="Seed">The seed the sequence starts from.</param>
/// <param name="Drawn">How many values have been drawn so far.</param>
public readonly record struct TokenGenerator(ulong Seed, ulong Drawn)
{
    private static readonly ulong GoldenInverse = SplitMix.Inverse(SplitMix.Golden);

    /// <summary>A generator that has drawn nothing yet.</summary>
    public static TokenGenerator FromSeed(ulong seed) => new(seed, 0);

    /// <summary>
    /// Whether <paramref name="count"/> more tokens can be drawn and <see cref="Drawn"/> stay below its last value,
    /// which a saved table never holds: one more index than asked is kept, for the one draw that mixes to 0.
    /// </summary>
    internal bool CanDraw(int count) => Drawn < ulong.MaxValue - 1 - (ulong)count;

    /// <summary>The next token and the generator that follows it; <see cref="CanDraw"/> must hold.</summary>
    internal (ReservationToken Token, TokenGenerator Next) Draw()
    {
        var value = SplitMix.Mix(unchecked(Seed + (Drawn * SplitMix.Golden)));
        var next = this with { Drawn = unchecked(Drawn + 1) };
        return value == 0 ? next.Draw() : (ReservationToken.Trusted(value), next);
    }

    /// <summary>
    /// Whether a later draw of this generator gives <paramref name="token"/>: every 64-bit value is the
    /// draw of exactly one index, so the token comes again exactly when its index is not drawn yet.
    /// </summary>
    internal bool WillIssue(ReservationToken token) => IndexOf(token) >= Drawn;

    /// <summary>The draw that gives (or gave) <paramref name="token"/>: a bijection of tokens, so a table may key its tokens by it.</summary>
    internal ulong IndexOf(ReservationToken token) => unchecked((SplitMix.Unmix(token.Value) - Seed) * GoldenInverse);
}
