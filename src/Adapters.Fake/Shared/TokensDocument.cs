namespace PortReservation.Adapters.Fake.Shared;

/// <summary>The token generator: 64-bit values as decimal strings.</summary>
/// <param name="Seed">The seed of the sequence.</param>
/// <param name="Drawn">How many tokens were drawn.</param>
internal sealed record TokensDocument(string Seed, string Drawn);
