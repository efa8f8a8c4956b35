namespace PortReservation.App.Output;

/// <summary>The answer of delete.</summary>
/// <param name="Deleted">The block that was deleted.</param>
internal sealed record DeleteJson(BlockJson Deleted);
