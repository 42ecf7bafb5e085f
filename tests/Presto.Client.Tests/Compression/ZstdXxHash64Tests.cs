using System.Text;
using Presto.Compression;

namespace Presto.Tests.Compression;

/// <summary>XXH64 against published values; the reference vectors check it again on every frame with a checksum.</summary>
public sealed class ZstdXxHash64Tests
{
    [Theory]
    [InlineData("", 0xEF46DB3751D8E999UL)]
    [InlineData("a", 0xD24EC4F1A98C6E5BUL)]
    [InlineData("abc", 0x44BC2CF5AD770999UL)]
    [InlineData("Nobody inspects the spammish repetition", 0xFBCEA83C8A378BF1UL)]
    public void Matches_published_values(string text, ulong expected)
    {
        Assert.Equal(expected, ZstdXxHash64.Hash(Encoding.ASCII.GetBytes(text)));
    }
}
