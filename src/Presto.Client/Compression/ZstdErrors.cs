using System.IO;

namespace Presto.Compression;

/// <summary>The exceptions the Zstandard decoder throws; all are <see cref="InvalidDataException"/>.</summary>
internal static class ZstdErrors
{
    public static InvalidDataException Corrupt(string detail) =>
        new("The Zstandard data is corrupt: " + detail + ".");

    public static InvalidDataException Truncated(string what) =>
        new("The Zstandard data is truncated: it ends inside " + what + ".");

    public static InvalidDataException Unsupported(string detail) =>
        new("The Zstandard data uses a feature this decoder does not support: " + detail + ".");

    public static InvalidDataException DestinationTooSmall(int capacity) =>
        new("The decompressed Zstandard data is larger than the destination buffer of " + capacity.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes.");
}
