using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Presto.Shadowing;

/// <summary>CSV and JSON forms of a <see cref="PrestoComparisonReport"/> (invariant culture, milliseconds with three decimals).</summary>
internal static class ComparisonWriter
{
    private const string CsvHeader = "query,endpoint,server,runs,failures,median_ms,p95_ms,min_ms,max_ms,rows,checksum,processed_rows,processed_bytes,results_agree,median_ratio,errors";

    public static void WriteCsv(PrestoComparisonReport report, TextWriter writer)
    {
        writer.WriteLine(CsvHeader);
        foreach (var query in report.Queries)
        {
            WriteCsvLine(writer, query, report.BaselineName, report.BaselineServer, query.Baseline);
            WriteCsvLine(writer, query, report.CandidateName, report.CandidateServer, query.Candidate);
        }
    }

    public static async Task WriteJsonAsync(PrestoComparisonReport report, Stream stream, CancellationToken cancellationToken)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("started", report.Started);
        json.WriteNumber("elapsedMs", Milliseconds(report.Elapsed));
        json.WriteNumber("repetitions", report.Repetitions);
        json.WriteNumber("warmupRepetitions", report.WarmupRepetitions);
        WriteEndpoint(json, "baseline", report.BaselineName, report.BaselineServer);
        WriteEndpoint(json, "candidate", report.CandidateName, report.CandidateServer);
        json.WriteStartArray("queries");
        foreach (var query in report.Queries)
        {
            json.WriteStartObject();
            json.WriteString("name", query.Query.Name);
            json.WriteString("sql", query.Query.Sql);
            json.WriteBoolean("resultsAgree", query.ResultsAgree);
            if (query.MedianRatio is { } ratio)
            {
                json.WriteNumber("medianRatio", Math.Round(ratio, 3));
            }
            else
            {
                json.WriteNull("medianRatio");
            }

            WriteSide(json, "baseline", query.Baseline);
            WriteSide(json, "candidate", query.Candidate);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The server as shown in reports: scheme, host and port only.</summary>
    public static string Display(Uri server) => server.GetLeftPart(UriPartial.Authority);

    private static void WriteEndpoint(Utf8JsonWriter json, string property, string name, Uri server)
    {
        json.WriteStartObject(property);
        json.WriteString("name", name);
        json.WriteString("server", Display(server));
        json.WriteEndObject();
    }

    private static void WriteSide(Utf8JsonWriter json, string property, PrestoComparisonSide side)
    {
        json.WriteStartObject(property);
        json.WriteNumber("runs", side.Runs);
        json.WriteNumber("failures", side.Failures);
        json.WriteNumber("medianMs", Milliseconds(side.Median));
        json.WriteNumber("p95Ms", Milliseconds(side.P95));
        json.WriteNumber("minMs", Milliseconds(side.Min));
        json.WriteNumber("maxMs", Milliseconds(side.Max));
        json.WriteNumber("rows", side.RowCount);
        if (side.Checksum is { } checksum)
        {
            json.WriteString("checksum", checksum.ToString("x16", CultureInfo.InvariantCulture));
        }
        else
        {
            json.WriteNull("checksum");
        }

        json.WriteBoolean("resultsConsistent", side.ResultsConsistent);
        json.WriteNumber("processedRows", side.ProcessedRows);
        json.WriteNumber("processedBytes", side.ProcessedBytes);
        json.WriteStartArray("errors");
        foreach (var error in side.ErrorNames)
        {
            json.WriteStringValue(error);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteCsvLine(TextWriter writer, PrestoQueryComparison query, string endpoint, Uri server, PrestoComparisonSide side)
    {
        var line = new StringBuilder();
        Field(line, query.Query.Name).Append(',');
        Field(line, endpoint).Append(',');
        Field(line, Display(server)).Append(',');
        line.Append(side.Runs.ToString(CultureInfo.InvariantCulture)).Append(',');
        line.Append(side.Failures.ToString(CultureInfo.InvariantCulture)).Append(',');
        line.Append(Milliseconds(side.Median).ToString("0.###", CultureInfo.InvariantCulture)).Append(',');
        line.Append(Milliseconds(side.P95).ToString("0.###", CultureInfo.InvariantCulture)).Append(',');
        line.Append(Milliseconds(side.Min).ToString("0.###", CultureInfo.InvariantCulture)).Append(',');
        line.Append(Milliseconds(side.Max).ToString("0.###", CultureInfo.InvariantCulture)).Append(',');
        line.Append(side.RowCount.ToString(CultureInfo.InvariantCulture)).Append(',');
        line.Append(side.Checksum?.ToString("x16", CultureInfo.InvariantCulture)).Append(',');
        line.Append(side.ProcessedRows.ToString(CultureInfo.InvariantCulture)).Append(',');
        line.Append(side.ProcessedBytes.ToString(CultureInfo.InvariantCulture)).Append(',');
        line.Append(query.ResultsAgree ? "true" : "false").Append(',');
        line.Append(query.MedianRatio?.ToString("0.###", CultureInfo.InvariantCulture)).Append(',');
        Field(line, string.Join(";", side.ErrorNames));
        writer.WriteLine(line.ToString());
    }

    private static StringBuilder Field(StringBuilder line, string value)
    {
        if (value.IndexOfAny(new[] { ',', '"', '\n', '\r' }) < 0)
        {
            return line.Append(value);
        }

        return line.Append('"').Append(value.Replace("\"", "\"\"")).Append('"');
    }

    private static double Milliseconds(TimeSpan value) => Math.Round(value.TotalMilliseconds, 3);
}
