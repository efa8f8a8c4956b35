using System.Numerics;
using System.Runtime.CompilerServices;

namespace PortReservation.Domain;

/// <summary>How a <see cref="KeyedTrie{T, TKey}"/> finds the 64-bit key of a value it holds.</summary>
/// <typeparam name="T">The values.</typeparam>
internal interface IKeyOf<in T>
{
    /// <summary>The value's key, unique among the values of one trie.</summary>
    ulong Of(T value);
}

/// <summary>
/// An immutable radix trie of values that carry their own 64-bit key: 4 ways a level, the key's highest
/// base-4 digit first, as many levels as the largest key needs. A value sits at the first level where no
/// other value shares its digits, so a lone value costs no node. Find, add and remove walk one path and copy
/// it; untouched branches are shared. It needs no comparer of <typeparamref name="T"/>, only its key.
/// </summary>
/// <remarks>
/// <para>
/// Keys are sequence numbers (a token's draw index, a socket's number), not hashes: the values added last
/// sit together at the right edge, so an acquire and its release copy the same few nodes near the root. A
/// hashed key sent each new token down a random path, and the release copied that path again: every pair left
/// fresh copies of old nodes reachable from the table, which the garbage collector promoted and then had to
/// collect in generations 1 and 2 (about 1 us a pair at 10,000 reservations).
/// </para>
/// <para>
/// A node is one object of four inline slots (48 bytes), empty slots null: no bitmap, no separate slot array,
/// so a change copies one object a level. Four ways copy the fewest bytes per path of 8, 16 and the 16-way
/// trie of a bitmap and an exactly sized slot array this replaced (see the README's Performance section).
/// Depth is at most 32 levels, however the keys lie.
/// </para>
/// </remarks>
/// <typeparam name="T">The values.</typeparam>
/// <typeparam name="TKey">How a value's key is read.</typeparam>
internal readonly partial struct KeyedTrie<T, TKey>
    where T : class
    where TKey : struct, IKeyOf<T>
{
    private const int BitsPerLevel = 2;
    private const int Ways = 1 << BitsPerLevel;
    private const int Mask = Ways - 1;

    // Null, a lone value, or a node. A struct, so a table or a socket holds its trie inline.
    private readonly object? root;

    // How many levels the keys take: every key is below 4^height.
    private readonly int height;

    private KeyedTrie(object? root, int height, int count) => (this.root, this.height, Count) = (root, height, count);

    /// <summary>The trie with no values (as is <c>default</c>).</summary>
    public static KeyedTrie<T, TKey> Empty => default;

    /// <summary>How many values it holds.</summary>
    public int Count { get; }

    /// <summary>The trie of <paramref name="values"/>, whose keys are distinct, built in one pass: every node once.</summary>
    public static KeyedTrie<T, TKey> Of(IEnumerable<T> values, TKey keys)
    {
        var items = values.ToArray();
        if (items.Length == 0)
        {
            return default;
        }

        var order = new ulong[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            order[i] = keys.Of(items[i]);
        }

        // Sorted by key, each subtree is one run of entries: the highest digit comes first.
        Array.Sort(order, items);
        var height = HeightFor(order[^1]);
        return new(Built(order, items, 0, items.Length, 0, height), height, items.Length);
    }

    /// <summary>The value whose key is <paramref name="key"/>, or null.</summary>
    public T? Find(ulong key, TKey keys)
    {
        if (HeightFor(key) > height)
        {
            return null;
        }

        var slot = root;
        for (var level = 0; slot is Node node; level++)
        {
            slot = node.Slots[Way(key, level, height)];
        }

        return slot is T value && keys.Of(value) == key ? value : null;
    }

    /// <summary>The trie with <paramref name="value"/> in place of the value of the same key, if any.</summary>
    public KeyedTrie<T, TKey> Put(T value, TKey keys)
    {
        var key = keys.Of(value);
        var (grown, levels) = (root, Math.Max(height, 1));
        for (var needed = HeightFor(key); levels < needed; levels++)
        {
            // Every key so far is below 4^levels, so its top digit one level up is 0.
            grown = grown is Node ? Node.With(0, grown) : grown;
        }

        var added = false;
        var next = Put(grown, value, key, 0, levels, keys, ref added);
        return new(next, levels, added ? Count + 1 : Count);
    }

    /// <summary>The trie without the value whose key is <paramref name="key"/>; the same trie when there is none.</summary>
    public KeyedTrie<T, TKey> Remove(ulong key, TKey keys)
    {
        if (root is null || HeightFor(key) > height)
        {
            return this;
        }

        var next = Remove(root, key, 0, height, keys);
        return ReferenceEquals(next, root) ? this : new(next is Node node ? node.Lone() ?? next : next, height, Count - 1);
    }

    /// <summary>Every value, in key order.</summary>
    public IEnumerable<T> Values() => root is null ? [] : Values(root);

    /// <summary>How many levels a key needs: its base-4 digits.</summary>
    private static int HeightFor(ulong key) => Math.Max(1, (64 - BitOperations.LeadingZeroCount(key) + 1) / BitsPerLevel);

    private static int Way(ulong key, int level, int height) => (int)((key >> (BitsPerLevel * (height - 1 - level))) & Mask);

    private static object Put(object? slot, T value, ulong key, int level, int height, TKey keys, ref bool added)
    {
        switch (slot)
        {
            case null:
                added = true;
                return value;
            case Node node:
                var way = Way(key, level, height);
                var copy = new Node(node);
                copy.Slots[way] = Put(node.Slots[way], value, key, level + 1, height, keys, ref added);
                return copy;
            case T existing when keys.Of(existing) == key:
                return value;
            default:
                added = true;
                var other = (T)slot;
                return Split(other, keys.Of(other), value, key, level, height);
        }
    }

    /// <summary>The smallest subtree that holds both values, whose keys differ.</summary>
    private static Node Split(T first, ulong firstKey, T second, ulong secondKey, int level, int height)
    {
        var a = Way(firstKey, level, height);
        var b = Way(secondKey, level, height);
        if (a == b)
        {
            return Node.With(a, Split(first, firstKey, second, secondKey, level + 1, height));
        }

        var node = new Node();
        node.Slots[a] = first;
        node.Slots[b] = second;
        return node;
    }

    /// <summary>The slot without the key; the same slot when it lacks it; null when nothing is left.</summary>
    private static object? Remove(object slot, ulong key, int level, int height, TKey keys)
    {
        switch (slot)
        {
            case Node node:
                var way = Way(key, level, height);
                if (node.Slots[way] is not { } child)
                {
                    return node;
                }

                var next = Remove(child, key, level + 1, height, keys);
                if (ReferenceEquals(next, child))
                {
                    return node;
                }

                var copy = new Node(node);

                // A subtree left with one value collapses into it, so the trie stays as shallow as its keys need.
                copy.Slots[way] = next is Node nested ? nested.Lone() ?? next : next;
                return copy.IsEmpty() ? null : copy;
            case T value when keys.Of(value) == key:
                return null;
            default:
                return slot;
        }
    }

    /// <summary>The slot over entries <paramref name="from"/> to <paramref name="to"/>, sorted by key: a value when there is one, else a node.</summary>
    private static object Built(ulong[] order, T[] items, int from, int to, int level, int height)
    {
        if (to - from == 1)
        {
            return items[from];
        }

        if (level >= height)
        {
            throw new InvalidOperationException("a trie was built from two values with one key");
        }

        var node = new Node();
        for (var at = from; at < to;)
        {
            var way = Way(order[at], level, height);
            var end = at + 1;
            while (end < to && Way(order[end], level, height) == way)
            {
                end++;
            }

            node.Slots[way] = Built(order, items, at, end, level + 1, height);
            at = end;
        }

        return node;
    }

    private static IEnumerable<T> Values(object slot)
    {
        if (slot is T value)
        {
            yield return value;
            yield break;
        }

        foreach (var child in ((Node)slot).Slots)
        {
            if (child is not null)
            {
                foreach (var nested in Values(child))
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary>The slots of a node inline in it: one object a level, nothing to wrap.</summary>
    [InlineArray(Ways)]
    private struct Slots
    {
        private object? first;
    }

    /// <summary>A level: for each of the ways nothing, a value, or a deeper node.</summary>
    private sealed class Node
    {
        public Slots Slots;

        public Node()
        {
        }

        public Node(Node copied) => Slots = copied.Slots;

        /// <summary>A node with only <paramref name="slot"/> taken, by <paramref name="child"/>.</summary>
        public static Node With(int slot, object child)
        {
            var node = new Node();
            node.Slots[slot] = child;
            return node;
        }

        /// <summary>Whether no way is taken.</summary>
        public bool IsEmpty()
        {
            foreach (var slot in Slots)
            {
                if (slot is not null)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The node's only entry when that is a value, else null.</summary>
        public T? Lone()
        {
            T? lone = null;
            foreach (var slot in Slots)
            {
                switch (slot)
                {
                    case null:
                        continue;
                    case T value when lone is null:
                        lone = value;
                        break;
                    default:
                        return null;
                }
            }

            return lone;
        }
    }
}
