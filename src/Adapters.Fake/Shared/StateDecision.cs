using LanguageExt;

namespace PortReservation.Adapters.Fake.Shared;

/// <summary>What a transaction on the state file decided: its answer, and the new content of the file, if it changes.</summary>
/// <typeparam name="T">What the transaction answers.</typeparam>
/// <param name="Answer">The answer, or the error of the operation.</param>
/// <param name="Replacement">The content to write over the file; none to leave it as it is.</param>
internal sealed record StateDecision<T>(Fin<T> Answer, Option<StateReplacement> Replacement);
