using System.Runtime.CompilerServices;

namespace Presto.Benchmarks;

/// <summary>
/// Reads every cell of a benchmark row through its typed getter (the way an application or Dapper reads a known schema) and
/// folds it into a checksum, so no read can be optimised away. Shared by the end-to-end and the in-memory benchmarks.
/// </summary>
internal struct TypedRow
{
    private long _integers;
    private double _doubles;
    private long _chars;
    private long _trues;
    private decimal _decimals;
    private long _days;
    private long _ticks;

    public readonly double Checksum => _integers + _doubles + _chars + _trues + (double)_decimals + _days + _ticks;

    /// <summary>Reads the reader to its end with <see cref="Add"/>; the rows and the checksum.</summary>
    public static async Task<(long Rows, double Checksum)> ReadAllAsync(PrestoDataReader reader, bool includeVarchar)
    {
        long rows = 0;
        var row = default(TypedRow);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            rows++;
            row.Add(reader, includeVarchar);
        }

        return (rows, row.Checksum);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(PrestoDataReader reader, bool includeVarchar)
    {
        _integers += reader.GetInt64(0);
        if (!reader.IsDBNull(BenchmarkResult.NullableOrdinal))
        {
            _integers += reader.GetInt32(BenchmarkResult.NullableOrdinal);
        }

        _doubles += reader.GetDouble(2);
        if (includeVarchar)
        {
            _chars += reader.GetString(BenchmarkResult.VarcharOrdinal).Length;
        }

        if (reader.GetBoolean(4))
        {
            _trues++;
        }

        _decimals += reader.GetDecimal(5);
        _days += reader.GetFieldValue<DateOnly>(6).DayNumber;
        _ticks ^= reader.GetDateTime(7).Ticks;
    }
}
