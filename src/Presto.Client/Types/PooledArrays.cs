using System;
using System.Buffers;
using System.Runtime.CompilerServices;

namespace Presto.Types;

/// <summary>
/// Arrays of page-sized storage (page bytes, column buffers' cells, states and values) rented from
/// <see cref="ArrayPool{T}.Shared"/> and given back once nobody reads them, so that a query costs no new arrays per page and,
/// once the pools are warm, none per query either. Arrays of references are cleared on return (the pool must not keep a
/// finished query's strings or values alive).
/// </summary>
internal static class PooledArrays
{
    /// <summary>The smallest array rented (the shared pool's smallest size).</summary>
    public const int MinLength = 16;

    /// <summary>
    /// Replaces <paramref name="array"/> with a rented one of at least <paramref name="length"/> elements holding its contents, and
    /// returns the old one. The shared pool rents powers of two from <see cref="MinLength"/> up at exactly that length, which is
    /// how column buffers grow, so the arrays of one buffer keep the same length.
    /// </summary>
    public static void Grow<T>(ref T[] array, int length)
    {
        var bigger = ArrayPool<T>.Shared.Rent(Math.Max(length, MinLength));
        array.AsSpan().CopyTo(bigger);
        Return(ref array);
        array = bigger;
    }

    /// <summary>Gives <paramref name="array"/> back to the pool (an empty array is not) and leaves an empty one in its place.</summary>
    public static void Return<T>(ref T[] array)
    {
        var old = array;
        array = Array.Empty<T>();
        if (old.Length > 0)
        {
#if NETSTANDARD2_0
            // No IsReferenceOrContainsReferences here: primitives (page bytes) hold no references; anything else is cleared.
            ArrayPool<T>.Shared.Return(old, clearArray: !typeof(T).IsPrimitive);
#else
            ArrayPool<T>.Shared.Return(old, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
#endif
        }
    }
}
