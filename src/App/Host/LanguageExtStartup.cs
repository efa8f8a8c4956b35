using System.Runtime.CompilerServices;
using LanguageExt.ClassInstances;

namespace PortReservation.App.Host;

/// <summary>Sets LanguageExt up for a short-lived command-line process.</summary>
internal static class LanguageExtStartup
{
    private static int applied;

    /// <summary>
    /// Tells LanguageExt 4 that no assembly defines type-class instances, before it looks. The first time a
    /// <c>Map</c> or <c>Set</c> compares keys of a non-primitive type (ports, tokens, sockets), LanguageExt
    /// looks for an <c>Ord</c> instance by scanning every type of every referenced assembly: about 9,400
    /// types in LanguageExt.Core alone, some 0.5 s of CPU in every portres process, spent while it holds
    /// the state lock. The domain defines no such instances and compares through <c>IComparable</c>, so
    /// with an empty catalogue LanguageExt falls back to <c>Comparer&lt;T&gt;.Default</c> and
    /// <c>EqualityComparer&lt;T&gt;.Default</c>: the same comparisons, without the scan (which Native AOT
    /// could not do faithfully anyway).
    /// </summary>
    public static void SkipClassInstanceScan()
    {
        if (Interlocked.Exchange(ref applied, 1) == 1)
        {
            return;
        }

        var empty = (ClassInstancesAssembly)RuntimeHelpers.GetUninitializedObject(typeof(ClassInstancesAssembly));
        empty.Types = [];
        empty.Structs = [];
        empty.AllClassInstances = [];
        empty.ClassInstances = [];
        ClassInstancesAssembly.singleton = empty;
    }
}
