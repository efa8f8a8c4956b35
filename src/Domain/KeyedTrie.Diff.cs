namespace PortReservation.Domain;

/// <content>The values in which two tries differ, found without visiting what they share.</content>
internal readonly partial struct KeyedTrie<T, TKey>
{
    /// <summary>
    /// The values in which <paramref name="before"/> and <paramref name="after"/> differ: <paramref name="gone"/> gets each
    /// value of <paramref name="before"/> whose key <paramref name="after"/> lacks or holds another value for (by
    /// <paramref name="same"/>), and <paramref name="came"/> each value of <paramref name="after"/> whose key
    /// <paramref name="before"/> lacks or holds another value for. Tries of one height place a key on the same path, and
    /// subtrees they share are skipped, so two versions of one trie a few changes apart cost O(log n) per change; a trie
    /// that grew a level since (once per fourfold growth of its keys) is compared value by value.
    /// </summary>
    public static void Diff(KeyedTrie<T, TKey> before, KeyedTrie<T, TKey> after, TKey keys, Func<T, T, bool> same, Action<T> gone, Action<T> came)
    {
        if (before.height == after.height)
        {
            Diff(before.root, after.root, keys, same, gone, came);
        }
        else
        {
            Matched(before.root, after.root, keys, same, gone, came);
        }
    }

    private static void Diff(object? before, object? after, TKey keys, Func<T, T, bool> same, Action<T> gone, Action<T> came)
    {
        if (ReferenceEquals(before, after))
        {
            return;
        }

        switch (before, after)
        {
            case (Node x, Node y):
                for (var way = 0; way < Ways; way++)
                {
                    Diff(x.Slots[way], y.Slots[way], keys, same, gone, came);
                }

                return;
            case (T x, T y) when keys.Of(x) == keys.Of(y):
                if (!same(x, y))
                {
                    gone(x);
                    came(y);
                }

                return;
            default:
                Matched(before, after, keys, same, gone, came);
                return;
        }
    }

    /// <summary>A value against a subtree (one that split or collapsed), or against nothing: what each side holds, matched by key.</summary>
    private static void Matched(object? before, object? after, TKey keys, Func<T, T, bool> same, Action<T> gone, Action<T> came)
    {
        var earlier = (before is null ? [] : Values(before)).ToDictionary(keys.Of);
        foreach (var value in after is null ? [] : Values(after))
        {
            if (!earlier.Remove(keys.Of(value), out var was))
            {
                came(value);
            }
            else if (!same(was, value))
            {
                gone(was);
                came(value);
            }
        }

        foreach (var was in earlier.Values)
        {
            gone(was);
        }
    }
}
