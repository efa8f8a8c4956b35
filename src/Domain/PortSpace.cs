using System.Numerics;

namespace PortReservation.Domain;

/// <summary>
/// One protocol's 65,536 port numbers as an immutable, structurally shared tree: 1,024 leaves of 64 ports,
/// under five levels of four-way branches. A leaf keeps three bitmaps (reserved, bound by a socket of
/// the model, held by a program elsewhere) and the reservations that start in it, sorted; every node keeps
/// how many reservations start below it and the runs of free dynamic-range ports it holds (at its start,
/// at its end, longest), so a wildcard finds its first fit by descending, not by scanning.
/// A change copies one path per leaf it touches: O(log) for a port, O(block size / 64 + log) for a block.
/// A struct, so a table holds the root inline and a change allocates the path, not a wrapper.
/// </summary>
internal readonly struct PortSpace
{
    private const int LeafBits = 64;
    private const int Fanout = 4;
    private const int Size = 65536;

    private readonly Node root;

    private PortSpace(Node root) => this.root = root;

    /// <summary>No reservation, no port in use; free runs are counted inside <paramref name="dynamic"/> only.</summary>
    public static PortSpace Empty(PortRange dynamic) =>
        new(EmptyNode(0, Size, dynamic.Start.Value, dynamic.End.Value));

    /// <summary>
    /// The space holding <paramref name="byStart"/> (sorted by start, none overlapping) and with
    /// <paramref name="bound"/> bound, built in one pass: every node once, no path copied per reservation.
    /// </summary>
    public static PortSpace Of(PortRange dynamic, IReadOnlyList<Reservation> byStart, IReadOnlyCollection<Port> bound)
    {
        if (byStart.Count == 0 && bound.Count == 0)
        {
            return Empty(dynamic);
        }

        var reserved = new ulong[Size / LeafBits];
        var boundBits = new ulong[Size / LeafBits];
        var touched = new ulong[Size / LeafBits / 64];
        foreach (var r in byStart)
        {
            for (var leafBase = r.Range.Start.Value / LeafBits * LeafBits; leafBase <= r.Range.End.Value; leafBase += LeafBits)
            {
                reserved[leafBase / LeafBits] |= SpanMask(leafBase, r.Range.Start.Value, r.Range.End.Value);
                touched[leafBase / LeafBits / 64] |= Bit(leafBase / LeafBits);
            }
        }

        foreach (var port in bound)
        {
            boundBits[port.Value / LeafBits] |= Bit(port.Value);
            touched[port.Value / LeafBits / 64] |= Bit(port.Value / LeafBits);
        }

        var next = 0;
        return new(Built(0, Size));

        // Children are built left to right, so the reservations are taken from byStart in order. A subtree whose
        // leaves nothing touches is the empty one, shared: a table of a few reservations builds a few paths.
        Node Built(int base_, int size)
        {
            if (!Touched(base_ / LeafBits, size / LeafBits))
            {
                return EmptyNode(base_, size, dynamic.Start.Value, dynamic.End.Value);
            }

            if (size == LeafBits)
            {
                var first = next;
                while (next < byStart.Count && byStart[next].Range.Start.Value < base_ + LeafBits)
                {
                    next++;
                }

                var leaf = base_ / LeafBits;
                var starting = new Reservation[next - first];
                for (var i = 0; i < starting.Length; i++)
                {
                    starting[i] = byStart[first + i];
                }

                return new Leaf(reserved[leaf], boundBits[leaf], 0, starting, SpanMask(base_, dynamic.Start.Value, dynamic.End.Value));
            }

            var childSize = size / Fanout;
            return Branch.Of(Built(base_, childSize), Built(base_ + childSize, childSize), Built(base_ + (2 * childSize), childSize), Built(base_ + (3 * childSize), childSize), childSize);
        }

        // Whether any of the leaves firstLeaf .. firstLeaf + leaves - 1 is touched; a subtree's leaves are a
        // power of four, so they fill whole words of the mask or lie inside one.
        bool Touched(int firstLeaf, int leaves)
        {
            if (leaves < 64)
            {
                return (touched[firstLeaf / 64] >> (firstLeaf % 64) & (ulong.MaxValue >> (64 - leaves))) != 0;
            }

            for (var word = firstLeaf / 64; word < (firstLeaf + leaves) / 64; word++)
            {
                if (touched[word] != 0)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>How many reservations the space holds.</summary>
    public int Count => root.Starts;

    // A change takes the dynamic range it was built with (the table's settings), so no leaf keeps its mask.

    /// <summary>The same space with <paramref name="reservation"/> added; it must overlap none.</summary>
    public PortSpace Add(Reservation reservation, PortRange dynamic) => With(new Edit(Layer.Reserved, reservation.Range, true, reservation), dynamic);

    /// <summary>The same space without <paramref name="reservation"/>.</summary>
    public PortSpace Remove(Reservation reservation, PortRange dynamic) => With(new Edit(Layer.Reserved, reservation.Range, false, reservation), dynamic);

    /// <summary>The same space with <paramref name="port"/> bound by a socket of the model, or no longer.</summary>
    public PortSpace WithBound(Port port, bool bound, PortRange dynamic) => With(new Edit(Layer.Bound, PortRange.Single(port), bound, null), dynamic);

    /// <summary>The same space with <paramref name="port"/> held by a program outside the model, or no longer.</summary>
    public PortSpace WithElsewhere(Port port, bool held, PortRange dynamic) => With(new Edit(Layer.Elsewhere, PortRange.Single(port), held, null), dynamic);

    /// <summary>Whether a socket of the model or a program elsewhere holds <paramref name="port"/>.</summary>
    public bool IsInUse(Port port) => (LeafAt(port.Value).InUse & Bit(port.Value)) != 0;

    /// <summary>The reservation that holds <paramref name="port"/>, or null.</summary>
    public Reservation? Covering(Port port) =>
        LastAtOrBefore(root, 0, Size, port.Value) is { } r && r.Range.Contains(port) ? r : null;

    /// <summary>The reservation that starts exactly at <paramref name="start"/>, or null.</summary>
    public Reservation? StartingAt(Port start) =>
        LastAtOrBefore(root, 0, Size, start.Value) is { } r && r.Range.Start == start ? r : null;

    /// <summary>The reservation with the lowest start that overlaps <paramref name="range"/>, or null.</summary>
    public Reservation? Overlapping(PortRange range)
    {
        if (LastAtOrBefore(root, 0, Size, range.Start.Value) is { } before && before.Range.Overlaps(range))
        {
            return before;
        }

        return FirstAtOrAfter(root, 0, Size, range.Start.Value) is { } after && after.Range.Overlaps(range) ? after : null;
    }

    /// <summary>Whether any port of <paramref name="range"/> is in use.</summary>
    public bool AnyInUse(PortRange range) => FirstMatching(range, leaf => leaf.InUse) >= 0;

    /// <summary>The lowest port of <paramref name="range"/> not in use, or null.</summary>
    public Port? FirstNotInUse(PortRange range) =>
        FirstMatching(range, leaf => ~leaf.InUse) is var port and >= 0 ? Port.Trusted(port) : null;

    /// <summary>
    /// The first block of <paramref name="count"/> dynamic-range ports that no reservation covers and
    /// nothing uses: the lowest one, or with <paramref name="fromTop"/> the highest one. Null when none fits.
    /// </summary>
    public PortRange? FreeBlock(int count, bool fromTop, PortRange dynamic)
    {
        if (root.Best < count)
        {
            return null;
        }

        var start = fromTop ? LastFit(root, 0, Size, count, dynamic) : FirstFit(root, 0, Size, count, dynamic);
        return PortRange.Between(Port.Trusted(start), Port.Trusted(start + count - 1));
    }

    /// <summary>Adds every reservation to <paramref name="into"/>, by start, leaf after leaf.</summary>
    public void CopyReservationsTo(List<Reservation> into) => Gather(root, into);

    private static ulong Bit(int port) => 1UL << (port % LeafBits);

    private static ulong SpanMask(int leafBase, int first, int last)
    {
        var lo = Math.Max(first, leafBase) - leafBase;
        var hi = Math.Min(last, leafBase + LeafBits - 1) - leafBase;
        if (lo > hi)
        {
            return 0;
        }

        var width = hi - lo + 1;
        return (width == LeafBits ? ulong.MaxValue : ((1UL << width) - 1)) << lo;
    }

    /// <summary>The dynamic-range ports of the leaf that starts at <paramref name="leafBase"/>.</summary>
    private static ulong DynamicMask(int leafBase, PortRange dynamic) => SpanMask(leafBase, dynamic.Start.Value, dynamic.End.Value);

    private Leaf LeafAt(int port)
    {
        var node = root;
        var size = Size;
        var base_ = 0;
        while (node is Branch branch)
        {
            size /= Fanout;
            var index = (port - base_) / size;
            base_ += index * size;
            node = branch.Child(index);
        }

        return (Leaf)node;
    }

    private PortSpace With(in Edit edit, PortRange dynamic) => new(Update(root, 0, Size, edit, dynamic));

    private static Node Update(Node node, int base_, int size, in Edit edit, PortRange dynamic)
    {
        if (node is Leaf leaf)
        {
            return leaf.Changed(
                edit,
                SpanMask(base_, edit.First, edit.Last),
                edit.Reservation is { } r && r.Range.Start.Value - base_ is >= 0 and < LeafBits,
                DynamicMask(base_, dynamic));
        }

        var branch = (Branch)node;
        var childSize = size / Fanout;
        return Branch.Of(
            Touching(branch.Child(0), base_, childSize, edit, dynamic),
            Touching(branch.Child(1), base_ + childSize, childSize, edit, dynamic),
            Touching(branch.Child(2), base_ + (2 * childSize), childSize, edit, dynamic),
            Touching(branch.Child(3), base_ + (3 * childSize), childSize, edit, dynamic),
            childSize);
    }

    private static Node Touching(Node child, int base_, int size, in Edit edit, PortRange dynamic) =>
        edit.First <= base_ + size - 1 && edit.Last >= base_ ? Update(child, base_, size, edit, dynamic) : child;

    private static Node EmptyNode(int base_, int size, int dynamicStart, int dynamicEnd)
    {
        var inside = base_ >= dynamicStart && base_ + size - 1 <= dynamicEnd;
        var outside = base_ > dynamicEnd || base_ + size - 1 < dynamicStart;
        if (inside || outside)
        {
            return Canonical.Empty(size, inside);
        }

        if (size == LeafBits)
        {
            return new Leaf(0, 0, 0, [], SpanMask(base_, dynamicStart, dynamicEnd));
        }

        var childSize = size / Fanout;
        return Branch.Of(
            EmptyNode(base_, childSize, dynamicStart, dynamicEnd),
            EmptyNode(base_ + childSize, childSize, dynamicStart, dynamicEnd),
            EmptyNode(base_ + (2 * childSize), childSize, dynamicStart, dynamicEnd),
            EmptyNode(base_ + (3 * childSize), childSize, dynamicStart, dynamicEnd),
            childSize);
    }

    private static Reservation? LastAtOrBefore(Node node, int base_, int size, int port)
    {
        if (node.Starts == 0)
        {
            return null;
        }

        if (node is Leaf leaf)
        {
            for (var i = leaf.Starts - 1; i >= 0; i--)
            {
                if (leaf.StartAt(i).Range.Start.Value <= port)
                {
                    return leaf.StartAt(i);
                }
            }

            return null;
        }

        var branch = (Branch)node;
        var childSize = size / Fanout;
        var index = Math.Min(Fanout - 1, (port - base_) / childSize);
        for (var i = index; i >= 0; i--)
        {
            var found = LastAtOrBefore(branch.Child(i), base_ + (i * childSize), childSize, port);
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }

    private static Reservation? FirstAtOrAfter(Node node, int base_, int size, int port)
    {
        if (node.Starts == 0)
        {
            return null;
        }

        if (node is Leaf leaf)
        {
            for (var i = 0; i < leaf.Starts; i++)
            {
                var r = leaf.StartAt(i);
                if (r.Range.Start.Value >= port)
                {
                    return r;
                }
            }

            return null;
        }

        var branch = (Branch)node;
        var childSize = size / Fanout;
        var index = Math.Max(0, (port - base_) / childSize);
        for (var i = index; i < Fanout; i++)
        {
            var found = FirstAtOrAfter(branch.Child(i), base_ + (i * childSize), childSize, port);
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>The lowest port of <paramref name="range"/> whose bit in <paramref name="bits"/> is set, or -1.</summary>
    private int FirstMatching(PortRange range, Func<Leaf, ulong> bits)
    {
        for (var leafBase = range.Start.Value / LeafBits * LeafBits; leafBase <= range.End.Value; leafBase += LeafBits)
        {
            var hits = bits(LeafAt(leafBase)) & SpanMask(leafBase, range.Start.Value, range.End.Value);
            if (hits != 0)
            {
                return leafBase + BitOperations.TrailingZeroCount(hits);
            }
        }

        return -1;
    }

    /// <summary>The start of the lowest free run of at least <paramref name="count"/> ports under a node whose longest run is long enough.</summary>
    private static int FirstFit(Node node, int base_, int size, int count, PortRange dynamic)
    {
        if (node is Leaf leaf)
        {
            return base_ + Runs.FirstOfLength(leaf.FreeIn(DynamicMask(base_, dynamic)), count);
        }

        var branch = (Branch)node;
        var childSize = size / Fanout;
        var carried = 0;
        for (var i = 0; i < Fanout; i++)
        {
            var child = branch.Child(i);
            var childBase = base_ + (i * childSize);
            if (carried + child.Prefix >= count)
            {
                return childBase - carried;
            }

            if (child.Best >= count)
            {
                return FirstFit(child, childBase, childSize, count, dynamic);
            }

            carried = child.Prefix == childSize ? carried + childSize : child.Suffix;
        }

        throw new InvalidOperationException("a node's longest free run promised a fit that its children do not hold");
    }

    /// <summary>The start of the highest block of <paramref name="count"/> free ports, flush with the end of its run.</summary>
    private static int LastFit(Node node, int base_, int size, int count, PortRange dynamic)
    {
        if (node is Leaf leaf)
        {
            return base_ + Runs.LastOfLength(leaf.FreeIn(DynamicMask(base_, dynamic)), count) - count + 1;
        }

        var branch = (Branch)node;
        var childSize = size / Fanout;
        var carried = 0;
        for (var i = Fanout - 1; i >= 0; i--)
        {
            var child = branch.Child(i);
            var childBase = base_ + (i * childSize);
            if (carried + child.Suffix >= count)
            {
                return childBase + childSize + carried - count;
            }

            if (child.Best >= count)
            {
                return LastFit(child, childBase, childSize, count, dynamic);
            }

            carried = child.Suffix == childSize ? carried + childSize : child.Prefix;
        }

        throw new InvalidOperationException("a node's longest free run promised a fit that its children do not hold");
    }

    private static void Gather(Node node, List<Reservation> into)
    {
        if (node.Starts == 0)
        {
            return;
        }

        if (node is Leaf leaf)
        {
            leaf.CopyStartsTo(into);
            return;
        }

        var branch = (Branch)node;
        for (var i = 0; i < Fanout; i++)
        {
            Gather(branch.Child(i), into);
        }
    }

    /// <summary>Counts fit 16 bits: one protocol holds at most 65,535 reservations and runs of at most 65,535 ports.</summary>
    private abstract class Node(int starts, int prefix, int suffix, int best)
    {
        private readonly ushort starts = (ushort)starts;
        private readonly ushort prefix = (ushort)prefix;
        private readonly ushort suffix = (ushort)suffix;
        private readonly ushort best = (ushort)best;

        public int Starts => starts;

        public int Prefix => prefix;

        public int Suffix => suffix;

        public int Best => best;
    }

    private sealed class Branch : Node
    {
        private readonly Node c0;
        private readonly Node c1;
        private readonly Node c2;
        private readonly Node c3;

        private Branch(Node c0, Node c1, Node c2, Node c3, int starts, int prefix, int suffix, int best)
            : base(starts, prefix, suffix, best) => (this.c0, this.c1, this.c2, this.c3) = (c0, c1, c2, c3);

        public Node Child(int index) => index switch
        {
            0 => c0,
            1 => c1,
            2 => c2,
            _ => c3,
        };

        /// <summary>A branch over four children of <paramref name="childSize"/> ports each, its summary folded from theirs.</summary>
        public static Branch Of(Node c0, Node c1, Node c2, Node c3, int childSize)
        {
            var prefix = 0;
            var suffix = 0;
            var best = 0;
            var span = 0;
            foreach (var child in (ReadOnlySpan<Node>)[c0, c1, c2, c3])
            {
                prefix = prefix == span ? span + child.Prefix : prefix;
                best = Math.Max(Math.Max(best, child.Best), suffix + child.Prefix);
                suffix = child.Suffix == childSize ? suffix + childSize : child.Suffix;
                span += childSize;
            }

            return new Branch(c0, c1, c2, c3, c0.Starts + c1.Starts + c2.Starts + c3.Starts, prefix, suffix, best);
        }
    }

    /// <summary>Which bitmap of a leaf an edit changes.</summary>
    private enum Layer
    {
        Reserved,
        Bound,
        Elsewhere,
    }

    /// <summary>One change: set or clear the ports <c>First..Last</c> of one layer, and add or remove the reservation that starts there.</summary>
    private readonly record struct Edit(Layer Layer, int First, int Last, bool On, Reservation? Reservation)
    {
        public Edit(Layer layer, PortRange range, bool on, Reservation? reservation)
            : this(layer, range.Start.Value, range.End.Value, on, reservation)
        {
        }
    }

    private sealed class Leaf : Node
    {
        // The reservations that start here, by start: null, one reservation, or an array of two or more. Most
        // leaves hold one, which then costs no array when the leaf is copied.
        private readonly object? starting;

        public Leaf(ulong reserved, ulong bound, ulong elsewhere, ReadOnlySpan<Reservation> starting, ulong dynamic)
            : this(reserved, bound, elsewhere, starting.Length switch { 0 => null, 1 => starting[0], _ => starting.ToArray() }, starting.Length, dynamic)
        {
        }

        private Leaf(ulong reserved, ulong bound, ulong elsewhere, object? starting, int starts, ulong dynamic)
            : this(reserved, bound, elsewhere, starting, starts, dynamic, dynamic & ~(reserved | bound | elsewhere))
        {
        }

        private Leaf(ulong reserved, ulong bound, ulong elsewhere, object? starting, int starts, ulong dynamic, ulong free)
            : base(starts, Runs.Prefix(free), Runs.Suffix(free), Runs.Longest(free)) =>
            (Reserved, Bound, Elsewhere, this.starting) = (reserved, bound, elsewhere, starting);

        public ulong Reserved { get; }

        public ulong Bound { get; }

        public ulong Elsewhere { get; }

        public ulong InUse => Bound | Elsewhere;

        /// <summary>The ports of <paramref name="dynamic"/>, the leaf's dynamic-range ports, that nothing reserves or uses.</summary>
        public ulong FreeIn(ulong dynamic) => dynamic & ~(Reserved | Bound | Elsewhere);

        /// <summary>The <paramref name="index"/>th of the <see cref="Node.Starts"/> reservations that start in this leaf, by start.</summary>
        public Reservation StartAt(int index) => starting as Reservation ?? ((Reservation[])starting!)[index];

        /// <summary>Adds the reservations that start in this leaf to <paramref name="into"/>, by start: a whole array at once.</summary>
        public void CopyStartsTo(List<Reservation> into)
        {
            switch (starting)
            {
                case Reservation[] many:
                    into.AddRange(many);
                    break;
                case Reservation one:
                    into.Add(one);
                    break;
            }
        }

        /// <summary>The leaf after <paramref name="edit"/>, which covers <paramref name="mask"/> of it and starts its reservation here when <paramref name="startsHere"/>; <paramref name="dynamic"/> is its dynamic-range ports.</summary>
        public Leaf Changed(in Edit edit, ulong mask, bool startsHere, ulong dynamic)
        {
            var (next, starts) = !startsHere ? (starting, Starts) : edit.On ? WithStart(edit.Reservation!) : WithoutStart(edit.Reservation!);
            return edit.Layer switch
            {
                Layer.Reserved => new(Apply(Reserved, mask, edit.On), Bound, Elsewhere, next, starts, dynamic),
                Layer.Bound => new(Reserved, Apply(Bound, mask, edit.On), Elsewhere, next, starts, dynamic),
                _ => new(Reserved, Bound, Apply(Elsewhere, mask, edit.On), next, starts, dynamic),
            };
        }

        private (object? Starting, int Starts) WithStart(Reservation reservation)
        {
            if (Starts == 0)
            {
                return (reservation, 1);
            }

            var grown = new Reservation[Starts + 1];
            var from = 0;
            for (var to = 0; to < grown.Length; to++)
            {
                grown[to] = from == to && (from == Starts || StartAt(from).Range.Start > reservation.Range.Start)
                    ? reservation
                    : StartAt(from++);
            }

            return (grown, grown.Length);
        }

        private (object? Starting, int Starts) WithoutStart(Reservation reservation)
        {
            for (var at = 0; at < Starts; at++)
            {
                if (StartAt(at).Token == reservation.Token)
                {
                    if (Starts <= 2)
                    {
                        return Starts == 1 ? (null, 0) : (StartAt(1 - at), 1);
                    }

                    var shrunk = new Reservation[Starts - 1];
                    for (int from = 0, to = 0; from < Starts; from++)
                    {
                        if (from != at)
                        {
                            shrunk[to++] = StartAt(from);
                        }
                    }

                    return (shrunk, shrunk.Length);
                }
            }

            return (starting, Starts);
        }

        private static ulong Apply(ulong bits, ulong mask, bool on) => on ? bits | mask : bits & ~mask;
    }

    /// <summary>The nodes of an untouched space, shared by every table: one per size, inside or outside the dynamic range.</summary>
    private static class Canonical
    {
        private static readonly Dictionary<(int Size, bool Dynamic), Node> Nodes = Build();

        public static Node Empty(int size, bool dynamic) => Nodes[(size, dynamic)];

        private static Dictionary<(int, bool), Node> Build()
        {
            var nodes = new Dictionary<(int, bool), Node>();
            foreach (var dynamic in (ReadOnlySpan<bool>)[true, false])
            {
                Node node = new Leaf(0, 0, 0, [], dynamic ? ulong.MaxValue : 0);
                nodes[(LeafBits, dynamic)] = node;
                for (var size = LeafBits * Fanout; size < Size; size *= Fanout)
                {
                    node = Branch.Of(node, node, node, node, size / Fanout);
                    nodes[(size, dynamic)] = node;
                }
            }

            return nodes;
        }
    }
}
