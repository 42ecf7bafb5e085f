using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Storage;

namespace Presto.EntityFrameworkCore.Storage;

/// <summary>
/// Maps CLR types to Presto types and back, for every type Presto.Client's reader decodes to a scalar CLR value:
/// <c>bigint</c>, <c>integer</c>, <c>smallint</c>, <c>tinyint</c>, <c>boolean</c>, <c>double</c>, <c>real</c>,
/// <c>decimal(p,s)</c>, <c>varchar(n)</c>, <c>char(n)</c>, <c>json</c>, <c>varbinary</c>, <c>date</c>,
/// <c>time(p)</c>, <c>time(p) with time zone</c>, <c>timestamp(p)</c>, <c>timestamp(p) with time zone</c>,
/// <c>uuid</c>, <c>ipaddress</c>, <c>interval day to second</c>, <c>interval year to month</c>, and <c>array(T)</c>
/// for primitive collections.
/// </summary>
internal sealed class PrestoTypeMappingSource : RelationalTypeMappingSource
{
    /// <summary>Timestamp precision when none is configured: milliseconds, Presto's default.</summary>
    public const int DefaultTimePrecision = 3;

    private static readonly LongTypeMapping s_bigint = new("bigint", System.Data.DbType.Int64);
    private static readonly IntTypeMapping s_integer = new("integer", System.Data.DbType.Int32);
    private static readonly PrestoShortTypeMapping s_smallint = PrestoShortTypeMapping.Default;
    private static readonly PrestoSByteTypeMapping s_tinyint = PrestoSByteTypeMapping.Default;
    private static readonly PrestoStringTypeMapping s_varchar = new("varchar");
    private static readonly PrestoStringTypeMapping s_json = new("json");
    private static readonly PrestoDecimalTypeMapping s_decimal = new("decimal(38,18)", 38, 18);

    private static readonly Dictionary<Type, RelationalTypeMapping> s_clrTypeMappings = new()
    {
        [typeof(long)] = s_bigint,
        [typeof(int)] = s_integer,
        [typeof(short)] = s_smallint,
        [typeof(sbyte)] = s_tinyint,
        [typeof(bool)] = PrestoBoolTypeMapping.Default,
        [typeof(double)] = PrestoDoubleTypeMapping.Default,
        [typeof(float)] = PrestoFloatTypeMapping.Default,
        [typeof(DateOnly)] = PrestoDateOnlyTypeMapping.Default,
        [typeof(Guid)] = PrestoGuidTypeMapping.Default,
        [typeof(TimeSpan)] = PrestoTimeSpanTypeMapping.Default,
        [typeof(System.Net.IPAddress)] = PrestoIPAddressTypeMapping.Default,
        [typeof(PrestoIntervalYearToMonth)] = PrestoIntervalYearToMonthTypeMapping.Default,
    };

    private static readonly Dictionary<string, RelationalTypeMapping> s_storeTypeMappings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["bigint"] = s_bigint,
        ["integer"] = s_integer,
        ["int"] = s_integer,
        ["smallint"] = s_smallint,
        ["tinyint"] = s_tinyint,
        ["boolean"] = PrestoBoolTypeMapping.Default,
        ["double"] = PrestoDoubleTypeMapping.Default,
        ["double precision"] = PrestoDoubleTypeMapping.Default,
        ["real"] = PrestoFloatTypeMapping.Default,
        ["date"] = PrestoDateOnlyTypeMapping.Default,
        ["uuid"] = PrestoGuidTypeMapping.Default,
        ["varbinary"] = PrestoByteArrayTypeMapping.Default,
        ["json"] = s_json,
        ["interval day to second"] = PrestoTimeSpanTypeMapping.Default,
        ["interval year to month"] = PrestoIntervalYearToMonthTypeMapping.Default,
        ["ipaddress"] = PrestoIPAddressTypeMapping.Default,
    };

    public PrestoTypeMappingSource(TypeMappingSourceDependencies dependencies, RelationalTypeMappingSourceDependencies relationalDependencies)
        : base(dependencies, relationalDependencies)
    {
    }

    private static readonly string[] s_fractions = ["", "f", "ff", "fff", "ffff", "fffff", "ffffff", "fffffff"];

    /// <summary>
    /// The fraction part of a time literal's format for a time precision: <c>fff</c> for <c>(3)</c> (0..12 in Presto; at least
    /// one digit, and at most the 7 .NET keeps).
    /// </summary>
    public static string LiteralFraction(int? precision) => s_fractions[Math.Clamp(precision ?? DefaultTimePrecision, 1, 7)];

    protected override RelationalTypeMapping? FindMapping(in RelationalTypeMappingInfo mappingInfo) =>
        base.FindMapping(mappingInfo) ?? FindStoreMapping(mappingInfo) ?? FindClrMapping(mappingInfo);

    /// <summary>
    /// A primitive collection (<c>long[]</c>, <c>List&lt;string&gt;</c>…) of a scalar element is a Presto
    /// <c>array(T)</c>, not EF's default JSON text: <c>x.Tags.Contains(v)</c>, <c>Count()</c>, <c>[i]</c> and
    /// <c>Any()</c> translate to Presto's array functions.
    /// </summary>
    protected override RelationalTypeMapping? FindCollectionMapping(RelationalTypeMappingInfo info, Type modelType, Type? providerType, CoreTypeMapping? elementMapping)
    {
        string? storeType = info.StoreTypeName;
        var elementType = PrestoArrayTypeMapping.ElementTypeOf(modelType);
        if (elementType is null || elementType == modelType || !PrestoArrayTypeMapping.IsSupportedCollection(modelType, elementType)
            || (providerType is not null && providerType != modelType)
            || (storeType is not null && !storeType.StartsWith("array(", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        // The element's own mapping (configured on the element type, else the default of its CLR type): a scalar
        // without a value converter; nested collections and converted elements (enums) are not arrays here.
        return (elementMapping ?? FindMapping(elementType)) is RelationalTypeMapping element and not PrestoArrayTypeMapping && element.Converter is null
            ? new PrestoArrayTypeMapping(modelType, elementType, element)
            : null;
    }

    private static RelationalTypeMapping? FindStoreMapping(in RelationalTypeMappingInfo info)
    {
        string? storeType = info.StoreTypeName;
        if (storeType is null)
        {
            return null;
        }

        var clrType = info.ClrType;
        if (s_storeTypeMappings.TryGetValue(storeType, out var mapping))
        {
            return clrType is null || mapping.ClrType == clrType ? mapping : null;
        }

        string baseName = (info.StoreTypeNameBase ?? storeType).Trim().ToLowerInvariant();
        bool withTimeZone = storeType.EndsWith("with time zone", StringComparison.OrdinalIgnoreCase);
        int? precision = info.Precision ?? ParseArgument(storeType, 0);
        int? scale = info.Scale ?? ParseArgument(storeType, 1);
        int? size = info.Size ?? ParseArgument(storeType, 0);
        RelationalTypeMapping? result = baseName switch
        {
            "varchar" or "character varying" => new PrestoStringTypeMapping(storeType, size),
            "char" or "character" => new PrestoStringTypeMapping(storeType, size ?? 1, fixedLength: true),
            "decimal" or "numeric" => new PrestoDecimalTypeMapping(storeType, precision, scale ?? 0),
            "time" when !withTimeZone => new PrestoTimeOnlyTypeMapping(storeType, precision ?? DefaultTimePrecision),
            _ when withTimeZone && baseName.StartsWith("time", StringComparison.Ordinal) && !baseName.StartsWith("timestamp", StringComparison.Ordinal) =>
                new PrestoTimeWithTimeZoneTypeMapping(storeType, precision ?? DefaultTimePrecision),
            "timestamp" when withTimeZone => new PrestoDateTimeOffsetTypeMapping(storeType, precision ?? DefaultTimePrecision),
            "timestamp" => new PrestoDateTimeTypeMapping(storeType, precision ?? DefaultTimePrecision),
            _ when baseName.StartsWith("timestamp", StringComparison.Ordinal) && withTimeZone =>
                new PrestoDateTimeOffsetTypeMapping(storeType, precision ?? DefaultTimePrecision),
            _ => null,
        };
        return result is null || clrType is null || result.ClrType == clrType ? result : null;
    }

    private static RelationalTypeMapping? FindClrMapping(in RelationalTypeMappingInfo info)
    {
        var clrType = info.ClrType;
        if (clrType is null || info.StoreTypeName is not null)
        {
            return null;
        }

        if (s_clrTypeMappings.TryGetValue(clrType, out var mapping))
        {
            return mapping;
        }

        if (clrType == typeof(string))
        {
            if (info.IsFixedLength == true)
            {
                int length = info.Size ?? 1;
                return new PrestoStringTypeMapping("char(" + length.ToString(CultureInfo.InvariantCulture) + ")", length, fixedLength: true);
            }

            return info.Size is int size ? new PrestoStringTypeMapping("varchar(" + size.ToString(CultureInfo.InvariantCulture) + ")", size) : s_varchar;
        }

        if (clrType == typeof(decimal))
        {
            if (info.Precision is not int precision)
            {
                return s_decimal;
            }

            int scale = info.Scale ?? 0;
            return new PrestoDecimalTypeMapping(
                string.Create(CultureInfo.InvariantCulture, $"decimal({precision},{scale})"), precision, scale);
        }

        int digits = info.Precision ?? DefaultTimePrecision;
        string p = digits.ToString(CultureInfo.InvariantCulture);
        if (clrType == typeof(DateTime))
        {
            return new PrestoDateTimeTypeMapping("timestamp(" + p + ")", digits);
        }

        if (clrType == typeof(DateTimeOffset))
        {
            return new PrestoDateTimeOffsetTypeMapping("timestamp(" + p + ") with time zone", digits);
        }

        if (clrType == typeof(TimeOnly))
        {
            return new PrestoTimeOnlyTypeMapping("time(" + p + ")", digits);
        }

        if (clrType == typeof(PrestoTimeWithTimeZone))
        {
            return new PrestoTimeWithTimeZoneTypeMapping("time(" + p + ") with time zone", digits);
        }

        return clrType == typeof(byte[]) ? PrestoByteArrayTypeMapping.Default : null;
    }

    /// <summary>The <paramref name="index"/>-th number inside the parentheses of <c>name(a, b)</c>, if any.</summary>
    private static int? ParseArgument(string storeType, int index)
    {
        int open = storeType.IndexOf('(', StringComparison.Ordinal);
        int close = storeType.IndexOf(')', StringComparison.Ordinal);
        if (open < 0 || close < open)
        {
            return null;
        }

        string[] parts = storeType[(open + 1)..close].Split(',');
        return index < parts.Length && int.TryParse(parts[index].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : null;
    }
}
