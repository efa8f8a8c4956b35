using System.Numerics;

namespace PortReservation.Domain;

/// <summary>How a <see cref="KeyedTrie{T, TKey}"/> finds the 64-bit key of a value it holds.</summary>
/// <typeparam name="T">The values.</typeparam>
internal interface IKeyOf<in T>
{
    /// <summary>The value's key, unique among the values of one trie.</summary>
    static abstract ulong Of(T value);
}

/// <summary>
/// An immutable hash array mapped trie of values that carry their own 64-bit key: 16 ways a level, keyed
/// by a bijective mix of the key, so two distinct keys always part within 16 levels. Find, add and remove
/// cost O(log16 n) and copy one path of small arrays; untouched branches are shared. It needs no
/// comparer of <typeparamref name="T"/>, only its key.
/// </summary>
/// <typeparam name="T">The values.</typeparam>
/// <typeparam name="TKey">How a value's key is read.</typeparam>
internal readonly partial struct KeyedTrie<T, TKey>
    where T : class
    where TKey : IKeyOf<T>
{
    private const int BitsPerLevel = 4;
    private const int Mask = (1 << BitsPerLevel) - 1;
    private static readonly Node EmptyRoot = new(0, []);

    // A struct, so a table or a socket holds its trie inline: a change allocates the path, not a wrapper.
    private readonly Node? root;

    private KeyedTrie(Node root, int count) => (this.root, Count) = (root, count);

    /// <summary>The trie with no values (as is <c>default</c>).</summary>
    public static KeyedTrie<T, TKey> Empty => default;

    private Node Root => root ?? EmptyRoot;

    /// <summary>How many values it holds.</summary>
    public int Count { get; }

    /// <summary>The trie of <paramref name="values"/>, whose keys are distinct, built in one pass: every node once.</summary>
    public static KeyedTrie<T, TKey> Of(IEnumerable<T> values)
    {
        var items = values.ToArray();
        if (items.Length == 0)
        {
            return default;
        }

        // In the order a lookup walks the levels (lowest 4 bits first), so each subtree is one run of entries.
        var order = new ulong[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            order[i] = LevelOrder(SplitMix.Mix(TKey.Of(items[i])));
        }

        Array.Sort(order, items);
        return new(Built(order, items, 0, items.Length, 0), items.Length);
    }

    /// <summary>The value whose key is <paramref name="key"/>, or null.</summary>
    public T? Find(ulong key)
    {
        var hash = SplitMix.Mix(key);
        var node = Root;
        for (var shift = 0; ; shift += BitsPerLevel)
        {
            var bit = 1 << (int)((hash >> shift) & Mask);
            if ((node.Bitmap & bit) == 0)
            {
                return null;
            }

            switch (node.Slots[node.IndexOf(bit)])
            {
                case Node child:
                    node = child;
                    break;
                case T value:
                    return TKey.Of(value) == key ? value : null;
            }
        }
    }

    /// <summary>The trie with <paramref name="value"/> in place of the value of the same key, if any.</summary>
    public KeyedTrie<T, TKey> Put(T value)
    {
        var added = false;
        var next = Put(Root, value, SplitMix.Mix(TKey.Of(value)), 0, ref added);
        return new(next, added ? Count + 1 : Count);
    }

    /// <summary>The trie without the value whose key is <paramref name="key"/>; the same trie when there is none.</summary>
    public KeyedTrie<T, TKey> Remove(ulong key)
    {
        var next = Remove(Root, key, SplitMix.Mix(key), 0);
        return ReferenceEquals(next, Root) ? this : new(next ?? EmptyRoot, Count - 1);
    }

    /// <summary>Every value, in no particular order.</summary>
    public IEnumerable<T> Values() => Values(Root);

    private static Node Put(Node node, T value, ulong hash, int shift, ref bool added)
    {
        var bit = 1 << (int)((hash >> shift) & Mask);
        var index = node.IndexOf(bit);
        if ((node.Bitmap & bit) == 0)
        {
            added = true;
            return new Node(node.Bitmap | bit, [.. node.Slots.AsSpan(0, index), value, .. node.Slots.AsSpan(index)]);
        }

        object slot = node.Slots[index] switch
        {
            Node child => Put(child, value, hash, shift + BitsPerLevel, ref added),
            T existing when TKey.Of(existing) == TKey.Of(value) => value,
            T existing => Split(existing, SplitMix.Mix(TKey.Of(existing)), value, hash, shift + BitsPerLevel, ref added),
            _ => throw new InvalidOperationException("a trie slot holds neither a node nor a value"),
        };
        var slots = (object[])node.Slots.Clone();
        slots[index] = slot;
        return new Node(node.Bitmap, slots);
    }

    /// <summary>The smallest subtree that holds both values, whose mixed keys differ (the mix is a bijection).</summary>
    private static Node Split(T first, ulong firstHash, T second, ulong secondHash, int shift, ref bool added)
    {
        added = true;
        var a = (int)((firstHash >> shift) & Mask);
        var b = (int)((secondHash >> shift) & Mask);
        if (a == b)
        {
            return new Node(1 << a, [Split(first, firstHash, second, secondHash, shift + BitsPerLevel, ref added)]);
        }

        return new Node((1 << a) | (1 << b), a < b ? [first, second] : [second, first]);
    }

    /// <summary>The node without the key; the same node when it lacks it; null when nothing is left.</summary>
    private static Node? Remove(Node node, ulong key, ulong hash, int shift)
    {
        var bit = 1 << (int)((hash >> shift) & Mask);
        if ((node.Bitmap & bit) == 0)
        {
            return node;
        }

        var index = node.IndexOf(bit);
        switch (node.Slots[index])
        {
            case Node child:
                var next = Remove(child, key, hash, shift + BitsPerLevel);
                if (ReferenceEquals(next, child))
                {
                    return node;
                }

                if (next is null)
                {
                    return Without(node, bit, index);
                }

                var slots = (object[])node.Slots.Clone();

                // A subtree left with one value collapses into it, so the trie stays as shallow as its keys need.
                slots[index] = next.Slots is [T only] ? only : next;
                return new Node(node.Bitmap, slots);
            case T value when TKey.Of(value) == key:
                return Without(node, bit, index);
            default:
                return node;
        }
    }

    /// <summary>The node over the entries <paramref name="from"/> to <paramref name="to"/> (one subtree, sorted by level order), its slots sized exactly.</summary>
    private static Node Built(ulong[] order, T[] items, int from, int to, int level)
    {
        if (level * BitsPerLevel >= 64)
        {
            throw new InvalidOperationException("a trie was built from two values with one key");
        }

        var ways = 0;
        for (var at = from; at < to; at = RunEnd(order, at, to, level))
        {
            ways++;
        }

        var bitmap = 0;
        var slots = new object[ways];
        var slot = 0;
        for (var at = from; at < to; )
        {
            var end = RunEnd(order, at, to, level);
            bitmap |= 1 << Way(order[at], level);
            slots[slot++] = end - at == 1 ? items[at] : Built(order, items, at, end, level + 1);
            at = end;
        }

        return new Node(bitmap, slots);
    }

    /// <summary>Where the run of entries that take the same way as entry <paramref name="at"/> at <paramref name="level"/> ends.</summary>
    private static int RunEnd(ulong[] order, int at, int to, int level)
    {
        var way = Way(order[at], level);
        var end = at + 1;
        while (end < to && Way(order[end], level) == way)
        {
            end++;
        }

        return end;
    }

    /// <summary>The way a level-ordered hash takes at <paramref name="level"/>: its first level sits in the top 4 bits.</summary>
    private static int Way(ulong levelOrder, int level) => (int)((levelOrder >> (64 - (BitsPerLevel * (level + 1)))) & Mask);

    /// <summary>The hash with its 4-bit groups in reverse order: sorting by it sorts by the way taken at each level, first level first.</summary>
    private static ulong LevelOrder(ulong hash)
    {
        var bytesReversed = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(hash);
        return ((bytesReversed & 0x0F0F0F0F0F0F0F0FUL) << 4) | ((bytesReversed >> 4) & 0x0F0F0F0F0F0F0F0FUL);
    }

    private static Node? Without(Node node, int bit, int index) =>
        node.Slots.Length == 1 ? null : new Node(node.Bitmap & ~bit, [.. node.Slots.AsSpan(0, index), .. node.Slots.AsSpan(index + 1)]);

    private static IEnumerable<T> Values(Node node)
    {
        foreach (var slot in node.Slots)
        {
            if (slot is Node child)
            {
                foreach (var value in Values(child))
                {
                    yield return value;
                }
            }
            else
            {
                yield return (T)slot;
            }
        }
    }

    /// <summary>A level: which of the 16 ways are taken, and for each taken way a value or a deeper node, in way order.</summary>
    private sealed class Node(int bitmap, object[] slots)
    {
        public int Bitmap { get; } = bitmap;

        public object[] Slots { get; } = slots;

        public int IndexOf(int bit) => BitOperations.PopCount((uint)(Bitmap & (bit - 1)));
    }
}
