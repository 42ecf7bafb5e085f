using System.Collections.Generic;

namespace Presto.Types;

/// <summary>
/// Finds the decoder of a type signature by its <c>rawType</c> (case-sensitive as sent: built-ins lower-case, plugin types
/// CamelCase). Unknown and future types decode to their raw wire text and never fail.
/// </summary>
internal static class DecoderRegistry
{
    public static ColumnDecoder Create(TypeSignature signature)
    {
        switch (signature.RawType)
        {
            case "boolean":
                return new BooleanDecoder(signature);
            case "tinyint":
                return new TinyintDecoder(signature);
            case "smallint":
                return new SmallintDecoder(signature);
            case "integer":
                return new IntegerDecoder(signature);
            case "bigint":
                return new BigintDecoder(signature);
            case "real":
                return new RealDecoder(signature);
            case "double":
                return new DoubleDecoder(signature);
            case "decimal":
                return new DecimalDecoder(signature);
            case "varchar":
            case "char":
                return new StringDecoder(signature, strict: true);
            case "number":
            case "json":
            case "json2016":
            case "ipprefix":
            case "Geometry":
            case "SphericalGeography":
            case "color":
                return new StringDecoder(signature, strict: false);
            case "varbinary":
            case "HyperLogLog":
            case "P4HyperLogLog":
            case "KHyperLogLog":
            case "qdigest":
            case "tdigest":
            case "SetDigest":
            case "kllsketch":
                return new VarbinaryDecoder(signature);
            case "date":
                return new DateDecoder(signature);
            case "time":
                return new TimeDecoder(signature);
            case "time with time zone":
                return new TimeWithTimeZoneDecoder(signature);
            case "timestamp":
            case "timestamp microseconds":
                return new TimestampDecoder(signature);
            case "timestamp with time zone":
                return new TimestampWithTimeZoneDecoder(signature);
            case "interval day to second":
                return new IntervalDayToSecondDecoder(signature);
            case "interval year to month":
                return new IntervalYearToMonthDecoder(signature);
            case "uuid":
                return new UuidDecoder(signature);
            case "ipaddress":
                return new IpAddressDecoder(signature);
            case "array" when signature.GetType(0) is { } element:
                return new ArrayDecoder(signature, Create(element));
            case "map" when signature.GetType(0) is { } key && signature.GetType(1) is { } value:
                return new MapDecoder(signature, Create(key), Create(value));
            case "row" when signature.Arguments.Count > 0:
                return CreateRow(signature);
            default:
                // unknown (always null), BingTile, KdbTree, enums, future and plugin types.
                return new RawJsonDecoder(signature);
        }
    }

    private static ColumnDecoder CreateRow(TypeSignature signature)
    {
        var fields = new List<ColumnDecoder>(signature.Arguments.Count);
        for (var i = 0; i < signature.Arguments.Count; i++)
        {
            var field = signature.GetType(i);
            if (field is null)
            {
                return new RawJsonDecoder(signature);
            }

            fields.Add(Create(field));
        }

        return new RowDecoder(signature, fields, signature.FieldNames);
    }
}
