using System;
using System.Text.Json;

namespace Presto.Types;

/// <summary>
/// <c>time(p)</c> → <c>TimeOnly</c> (<see cref="TimeSpan"/> on .NET Standard 2.0), truncated to 100 ns ticks;
/// <see cref="ReadExact"/> gives the lossless <see cref="PrestoTime"/> (up to picoseconds).
/// </summary>
#if NET6_0_OR_GREATER
internal sealed class TimeDecoder(TypeSignature signature) : TextColumnDecoder<TimeOnly>(signature)
#else
internal sealed class TimeDecoder(TypeSignature signature) : TextColumnDecoder<TimeSpan>(signature)
#endif
{
    public override Type ExactType => typeof(PrestoTime);

#if NET6_0_OR_GREATER
    protected override bool TryReadText(ReadOnlySpan<byte> text, out TimeOnly value)
#else
    protected override bool TryReadText(ReadOnlySpan<byte> text, out TimeSpan value)
#endif
    {
        var pos = 0;
        if (!TemporalParser.TryParseTime(text, ref pos, out var hour, out var minute, out var second, out var picos, out _) || pos != text.Length)
        {
            throw WireText.Invalid(Signature.ToString(), text);
        }

        var ticks = ((((hour * 60L) + minute) * 60) + second) * TimeSpan.TicksPerSecond + (picos / CivilDate.PicosPerTick);
#if NET6_0_OR_GREATER
        value = new TimeOnly(ticks);
#else
        value = new TimeSpan(ticks);
#endif
        return true;
    }

    public override object ReadExact(ref Utf8JsonReader reader)
    {
        var text = WireText.StringUtf8(ref reader, Signature);
        var pos = 0;
        return PrestoTime.TryParse(text, ref pos, out var value) && pos == text.Length ? value : throw WireText.Invalid(Signature.ToString(), text);
    }
}
