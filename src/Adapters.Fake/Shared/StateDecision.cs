using LanguageExt;

namespace PortReservation.Adapters.Fake.Shared;

/// <summary>What a transaction on the state file decided: its answer, and how the file changes, if it does.</summary>
/// <typeparam name="T">What the transaction answers.</typeparam>
/// <param name="Answer">The answer, or the error of the operation.</param>
/// <param name="Write">How the file changes; none to leave it as it is.</param>
internal sealed record StateDecision<T>(Fin<T> Answer, Option<StateWrite> Write);
