namespace Presto.Testing.Types;

/// <summary>The family of a <see cref="PrestoType"/>; precomputed once so the per-value path is a switch.</summary>
internal enum TypeKind
{
    /// <summary>A type this server does not know (future or plugin type); kept as written.</summary>
    Other,
    Boolean,
    TinyInt,
    SmallInt,
    Integer,
    BigInt,
    Real,
    Double,
    Decimal,
    Varchar,
    Char,
    Varbinary,
    Json,
    Date,
    Time,
    TimeWithTimeZone,
    Timestamp,
    TimestampWithTimeZone,

    /// <summary>PrestoDB <c>timestamp microseconds</c>.</summary>
    TimestampMicroseconds,
    IntervalDayToSecond,
    IntervalYearToMonth,
    Array,
    Map,
    Row,
    Uuid,
    IpAddress,
    IpPrefix,

    /// <summary>Serialized sketches sent as Base64: <c>HyperLogLog</c>, <c>P4HyperLogLog</c>, <c>qdigest</c>, <c>tdigest</c>, <c>SetDigest</c>, <c>KHyperLogLog</c>, <c>kllsketch</c>.</summary>
    Sketch,

    /// <summary><c>Geometry</c>, <c>SphericalGeography</c>: WKT text.</summary>
    Geometry,
    BingTile,
    KdbTree,
    Color,
    Unknown,
    Json2016,
    Number,
}
