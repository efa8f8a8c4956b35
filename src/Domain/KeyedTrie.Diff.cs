namespace PortReservation.Domain;

/// <content>The values in which two tries differ, found without visiting what they share.</content>
internal readonly partial struct KeyedTrie<T, TKey>
{
    /// <summary>
    /// The values in which <paramref name="before"/> and <paramref name="after"/> differ: <paramref name="gone"/> gets each
    /// value of <paramref name="before"/> whose key <paramref name="after"/> lacks or holds another value for (by
    /// <paramref name="same"/>), and <paramref name="came"/> each value of <paramref name="after"/> whose key
    /// <paramref name="before"/> lacks or holds another value for. Both tries place a key on the same path, and
    /// subtrees they share are skipped, so two versions of one trie a few changes apart cost O(log16 n) per change.
    /// </summary>
    public static void Diff(KeyedTrie<T, TKey> before, KeyedTrie<T, TKey> after, Func<T, T, bool> same, Action<T> gone, Action<T> came) =>
        Diff(before.Root, after.Root, same, gone, came);

    private static void Diff(object? before, object? after, Func<T, T, bool> same, Action<T> gone, Action<T> came)
    {
        if (ReferenceEquals(before, after))
        {
            return;
        }

        switch (before, after)
        {
            case (Node x, Node y):
                for (var ways = x.Bitmap | y.Bitmap; ways != 0; ways &= ways - 1)
                {
                    var bit = ways & -ways;
                    Diff(SlotOf(x, bit), SlotOf(y, bit), same, gone, came);
                }

                return;
            case (T x, T y) when TKey.Of(x) == TKey.Of(y):
                if (!same(x, y))
                {
                    gone(x);
                    came(y);
                }

                return;
            default:
                // A value against a subtree (one that split or collapsed), or against nothing: match what each side holds by key.
                var earlier = ValuesOf(before).ToDictionary(v => TKey.Of(v));
                foreach (var value in ValuesOf(after))
                {
                    if (!earlier.Remove(TKey.Of(value), out var was))
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

                return;
        }
    }

    private static object? SlotOf(Node node, int bit) => (node.Bitmap & bit) == 0 ? null : node.Slots[node.IndexOf(bit)];

    private static IEnumerable<T> ValuesOf(object? slot) => slot switch
    {
        Node node => Values(node),
        T value => [value],
        _ => [],
    };
}
