using System;
using System.Data;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Storage;

namespace Presto.EntityFrameworkCore.Storage;

// Presto SQL literals. Every literal is typed so that it means the same in every context (a bare 1.5 is a decimal
// in Presto, a bare '2024-01-01' a varchar); the text matches what Presto.Client sends for a parameter value.

/// <summary><c>boolean</c>: <c>TRUE</c> / <c>FALSE</c>.</summary>
internal sealed class PrestoBoolTypeMapping : BoolTypeMapping
{
    public static new readonly PrestoBoolTypeMapping Default = new();

    public PrestoBoolTypeMapping()
        : base("boolean", System.Data.DbType.Boolean)
    {
    }

    private PrestoBoolTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new PrestoBoolTypeMapping(parameters);

    protected override string GenerateNonNullSqlLiteral(object value) => (bool)value ? "TRUE" : "FALSE";
}

/// <summary><c>double</c>: <c>DOUBLE '1.5'</c> (round-trip text), <c>nan()</c>, <c>infinity()</c>.</summary>
internal sealed class PrestoDoubleTypeMapping : DoubleTypeMapping
{
    public static new readonly PrestoDoubleTypeMapping Default = new();

    public PrestoDoubleTypeMapping()
        : base("double", System.Data.DbType.Double)
    {
    }

    private PrestoDoubleTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new PrestoDoubleTypeMapping(parameters);

    protected override string GenerateNonNullSqlLiteral(object value) => Literal("DOUBLE", Convert.ToDouble(value, CultureInfo.InvariantCulture));

    internal static string Literal(string type, double d) =>
        double.IsNaN(d) ? $"CAST(nan() AS {type.ToLowerInvariant()})"
        : double.IsPositiveInfinity(d) ? $"CAST(infinity() AS {type.ToLowerInvariant()})"
        : double.IsNegativeInfinity(d) ? $"CAST(-infinity() AS {type.ToLowerInvariant()})"
        : type + " '" + d.ToString("R", CultureInfo.InvariantCulture) + "'";
}

/// <summary><c>real</c>: <c>REAL '1.5'</c>.</summary>
internal sealed class PrestoFloatTypeMapping : FloatTypeMapping
{
    public static new readonly PrestoFloatTypeMapping Default = new();

    public PrestoFloatTypeMapping()
        : base("real", System.Data.DbType.Single)
    {
    }

    private PrestoFloatTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new PrestoFloatTypeMapping(parameters);

    protected override string GenerateNonNullSqlLiteral(object value)
    {
        float f = Convert.ToSingle(value, CultureInfo.InvariantCulture);
        return float.IsFinite(f) ? "REAL '" + f.ToString("R", CultureInfo.InvariantCulture) + "'" : PrestoDoubleTypeMapping.Literal("REAL", f);
    }
}

/// <summary><c>decimal(p,s)</c>: <c>DECIMAL '123.45'</c> (digits kept).</summary>
internal sealed class PrestoDecimalTypeMapping : DecimalTypeMapping
{
    public PrestoDecimalTypeMapping(string storeType, int? precision, int? scale)
        : base(storeType, System.Data.DbType.Decimal, precision, scale)
    {
    }

    private PrestoDecimalTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new PrestoDecimalTypeMapping(parameters);

    protected override string GenerateNonNullSqlLiteral(object value) =>
        "DECIMAL '" + Convert.ToDecimal(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + "'";
}

/// <summary><c>date</c>: <c>DATE '2024-01-02'</c>.</summary>
internal sealed class PrestoDateOnlyTypeMapping : DateOnlyTypeMapping
{
    public static new readonly PrestoDateOnlyTypeMapping Default = new();

    public PrestoDateOnlyTypeMapping()
        : base("date", System.Data.DbType.Date)
    {
    }

    private PrestoDateOnlyTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new PrestoDateOnlyTypeMapping(parameters);

    protected override string GenerateNonNullSqlLiteral(object value) =>
        "DATE '" + ((DateOnly)value).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'";
}

/// <summary><c>time(p)</c>: <c>TIME '03:04:05.123'</c>.</summary>
internal sealed class PrestoTimeOnlyTypeMapping : TimeOnlyTypeMapping
{
    public PrestoTimeOnlyTypeMapping(string storeType, int? precision)
        : base(new RelationalTypeMappingParameters(new CoreTypeMappingParameters(typeof(TimeOnly)), storeType, StoreTypePostfix.None, System.Data.DbType.Time, precision: precision))
    {
    }

    private PrestoTimeOnlyTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new PrestoTimeOnlyTypeMapping(parameters);

    protected override string GenerateNonNullSqlLiteral(object value) =>
        "TIME '" + ((TimeOnly)value).ToString("HH:mm:ss." + PrestoTypeMappingSource.LiteralFraction(Precision), CultureInfo.InvariantCulture) + "'";
}

/// <summary><c>timestamp(p)</c>: <c>TIMESTAMP '2024-01-02 03:04:05.123'</c> (the wall-clock value).</summary>
internal sealed class PrestoDateTimeTypeMapping : DateTimeTypeMapping
{
    public PrestoDateTimeTypeMapping(string storeType, int? precision)
        : base(new RelationalTypeMappingParameters(new CoreTypeMappingParameters(typeof(DateTime)), storeType, StoreTypePostfix.None, System.Data.DbType.DateTime2, precision: precision))
    {
    }

    private PrestoDateTimeTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new PrestoDateTimeTypeMapping(parameters);

    protected override string GenerateNonNullSqlLiteral(object value) =>
        "TIMESTAMP '" + ((DateTime)value).ToString("yyyy-MM-dd HH:mm:ss." + PrestoTypeMappingSource.LiteralFraction(Precision), CultureInfo.InvariantCulture) + "'";
}

/// <summary><c>timestamp(p) with time zone</c>: <c>TIMESTAMP '2024-01-02 03:04:05.123 +02:00'</c>.</summary>
internal sealed class PrestoDateTimeOffsetTypeMapping : DateTimeOffsetTypeMapping
{
    public PrestoDateTimeOffsetTypeMapping(string storeType, int? precision)
        : base(new RelationalTypeMappingParameters(new CoreTypeMappingParameters(typeof(DateTimeOffset)), storeType, StoreTypePostfix.None, System.Data.DbType.DateTimeOffset, precision: precision))
    {
    }

    private PrestoDateTimeOffsetTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new PrestoDateTimeOffsetTypeMapping(parameters);

    protected override string GenerateNonNullSqlLiteral(object value) =>
        "TIMESTAMP '" + ((DateTimeOffset)value).ToString("yyyy-MM-dd HH:mm:ss." + PrestoTypeMappingSource.LiteralFraction(Precision) + " zzz", CultureInfo.InvariantCulture) + "'";
}

/// <summary><c>uuid</c>: <c>UUID '…'</c>.</summary>
internal sealed class PrestoGuidTypeMapping : GuidTypeMapping
{
    public static new readonly PrestoGuidTypeMapping Default = new();

    public PrestoGuidTypeMapping()
        : base("uuid", System.Data.DbType.Guid)
    {
    }

    private PrestoGuidTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new PrestoGuidTypeMapping(parameters);

    protected override string GenerateNonNullSqlLiteral(object value) => "UUID '" + ((Guid)value).ToString("D") + "'";
}

/// <summary><c>varbinary</c>: <c>X'0AFF'</c>.</summary>
internal sealed class PrestoByteArrayTypeMapping : ByteArrayTypeMapping
{
    public static new readonly PrestoByteArrayTypeMapping Default = new();

    public PrestoByteArrayTypeMapping()
        : base("varbinary", System.Data.DbType.Binary)
    {
    }

    private PrestoByteArrayTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new PrestoByteArrayTypeMapping(parameters);

    protected override string GenerateNonNullSqlLiteral(object value) => "X'" + Convert.ToHexString((byte[])value) + "'";
}

/// <summary><c>varchar(n)</c>, <c>char(n)</c> and <c>json</c>: <c>'it''s'</c>, <c>JSON '{…}'</c>.</summary>
internal sealed class PrestoStringTypeMapping : StringTypeMapping
{
    public PrestoStringTypeMapping(string storeType, int? size = null, bool fixedLength = false)
        : base(new RelationalTypeMappingParameters(new CoreTypeMappingParameters(typeof(string)), storeType, StoreTypePostfix.None, System.Data.DbType.String, unicode: true, size: size, fixedLength: fixedLength))
    {
    }

    private PrestoStringTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    private bool IsJson => string.Equals(StoreType, "json", StringComparison.OrdinalIgnoreCase);

    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new PrestoStringTypeMapping(parameters);

    protected override string GenerateNonNullSqlLiteral(object value)
    {
        string text = "'" + ((string)value).Replace("'", "''", StringComparison.Ordinal) + "'";
        return IsJson ? "JSON " + text : text;
    }
}

/// <summary><c>interval day to second</c>: <c>INTERVAL '1 02:03:04.005' DAY TO SECOND</c>.</summary>
internal sealed class PrestoTimeSpanTypeMapping : TimeSpanTypeMapping
{
    public static new readonly PrestoTimeSpanTypeMapping Default = new();

    public PrestoTimeSpanTypeMapping()
        : base("interval day to second")
    {
    }

    private PrestoTimeSpanTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new PrestoTimeSpanTypeMapping(parameters);

    protected override string GenerateNonNullSqlLiteral(object value)
    {
        var span = (TimeSpan)value;
        var magnitude = span.Duration();
        string text = magnitude.Days.ToString(CultureInfo.InvariantCulture) + " " + magnitude.ToString(@"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);
        return "INTERVAL " + (span < TimeSpan.Zero ? "-" : string.Empty) + "'" + text + "' DAY TO SECOND";
    }
}

/// <summary><c>smallint</c>: <c>SMALLINT '-7'</c> (a bare number is an <c>integer</c> in Presto).</summary>
internal sealed class PrestoShortTypeMapping : ShortTypeMapping
{
    public static new readonly PrestoShortTypeMapping Default = new();

    public PrestoShortTypeMapping()
        : base("smallint", System.Data.DbType.Int16)
    {
    }

    private PrestoShortTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new PrestoShortTypeMapping(parameters);

    protected override string GenerateNonNullSqlLiteral(object value) =>
        "SMALLINT '" + Convert.ToInt16(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + "'";
}

/// <summary><c>tinyint</c>: <c>TINYINT '12'</c>.</summary>
internal sealed class PrestoSByteTypeMapping : SByteTypeMapping
{
    public static new readonly PrestoSByteTypeMapping Default = new();

    public PrestoSByteTypeMapping()
        : base("tinyint", System.Data.DbType.SByte)
    {
    }

    private PrestoSByteTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new PrestoSByteTypeMapping(parameters);

    protected override string GenerateNonNullSqlLiteral(object value) =>
        "TINYINT '" + Convert.ToSByte(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + "'";
}

/// <summary><c>ipaddress</c> ↔ <see cref="System.Net.IPAddress"/>: <c>IPADDRESS '192.168.0.1'</c>.</summary>
internal sealed class PrestoIPAddressTypeMapping : RelationalTypeMapping
{
    public static readonly PrestoIPAddressTypeMapping Default = new();

    public PrestoIPAddressTypeMapping()
        : base("ipaddress", typeof(System.Net.IPAddress))
    {
    }

    private PrestoIPAddressTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new PrestoIPAddressTypeMapping(parameters);

    protected override string GenerateNonNullSqlLiteral(object value) => "IPADDRESS '" + (System.Net.IPAddress)value + "'";
}

/// <summary><c>interval year to month</c> ↔ <see cref="PrestoIntervalYearToMonth"/>: <c>INTERVAL '1-2' YEAR TO MONTH</c>.</summary>
internal sealed class PrestoIntervalYearToMonthTypeMapping : RelationalTypeMapping
{
    public static readonly PrestoIntervalYearToMonthTypeMapping Default = new();

    public PrestoIntervalYearToMonthTypeMapping()
        : base("interval year to month", typeof(PrestoIntervalYearToMonth))
    {
    }

    private PrestoIntervalYearToMonthTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new PrestoIntervalYearToMonthTypeMapping(parameters);

    protected override string GenerateNonNullSqlLiteral(object value)
    {
        // The sign goes before the string (INTERVAL -'1-2' YEAR TO MONTH); years and months are magnitudes.
        long months = ((PrestoIntervalYearToMonth)value).TotalMonths;
        long magnitude = Math.Abs(months);
        return "INTERVAL " + (months < 0 ? "-'" : "'") + (magnitude / 12).ToString(CultureInfo.InvariantCulture) + "-"
            + (magnitude % 12).ToString(CultureInfo.InvariantCulture) + "' YEAR TO MONTH";
    }
}

/// <summary>
/// <c>time(p) with time zone</c> ↔ <see cref="PrestoTimeWithTimeZone"/>: <c>TIME '10:15:30.123+02:00'</c>. Not
/// <see cref="DateTimeOffset"/>: the Presto value has no date, and PrestoDB sends a zone name where an offset would
/// depend on the (absent) date, so a DateTimeOffset would have to invent one.
/// </summary>
internal sealed class PrestoTimeWithTimeZoneTypeMapping : RelationalTypeMapping
{
    public PrestoTimeWithTimeZoneTypeMapping(string storeType, int? precision)
        : base(new RelationalTypeMappingParameters(new CoreTypeMappingParameters(typeof(PrestoTimeWithTimeZone)), storeType, StoreTypePostfix.None, dbType: null, precision: precision))
    {
    }

    private PrestoTimeWithTimeZoneTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new PrestoTimeWithTimeZoneTypeMapping(parameters);

    protected override string GenerateNonNullSqlLiteral(object value) => "TIME '" + ((PrestoTimeWithTimeZone)value).ToString() + "'";
}
