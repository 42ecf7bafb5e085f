namespace Presto.Samples;

/// <summary>Raised when a sample sees something other than what it documents, so CI notices.</summary>
internal sealed class SampleCheckException(string message) : Exception(message);

/// <summary>The samples' one assertion.</summary>
internal static class SampleCheck
{
    /// <summary>Fails the sample when <paramref name="condition"/> is false.</summary>
    public static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new SampleCheckException(what);
        }
    }
}
