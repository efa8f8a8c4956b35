using PortReservation.Domain;

namespace PortReservation.Properties.Model;

/// <summary>A live reservation in the reference model; <see cref="Pid"/> and <see cref="Socket"/> are 0 for a persistent one.</summary>
internal sealed record ModelBlock(int Id, Protocol Protocol, int Start, int Count, bool Persistent, int Pid, int Socket)
{
    public int End => Start + Count - 1;

    public bool Has(int port) => port >= Start && port <= End;

    public bool Overlaps(int start, int count) => start <= End && Start <= start + count - 1;

    public override string ToString() =>
        $"{Protocol} {Start}+{Count} #{Id} {(Persistent ? "persistent" : $"runtime p{Pid}/s{Socket}")}";
}
