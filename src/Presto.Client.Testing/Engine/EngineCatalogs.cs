using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.Data.Sqlite;
using Presto.Testing.Execution;

namespace Presto.Testing.Engine;

/// <summary>The session a statement runs in, as the HTTP layer tracks it.</summary>
/// <param name="User">The user (<c>current_user</c>).</param>
/// <param name="Catalog">Session catalog, if set.</param>
/// <param name="Schema">Session schema, if set.</param>
internal sealed record EngineSession(string User, string? Catalog, string? Schema);

/// <summary>A table name resolved against the session: where it lives and how SQLite refers to it.</summary>
internal sealed record ResolvedTable(string Catalog, string Schema, string Table, SqlToken At)
{
    public string FullName => Catalog + "." + Schema + "." + Table;

    public bool IsTpch => string.Equals(Catalog, EngineCatalogs.Tpch, StringComparison.Ordinal);

    public bool IsInformationSchema => string.Equals(Schema, EngineCatalogs.InformationSchema, StringComparison.Ordinal);

    /// <summary>The SQLite reference of a stored (non information_schema) table.</summary>
    public string SqliteName => (IsTpch ? TpchData.SchemaAlias : "main") + "." + SqlText.Quote(Table);
}

/// <summary>
/// Catalog metadata: <c>tpch</c> (schema <c>tiny</c>, read-only, shared) and <c>memory</c> (schema <c>default</c>,
/// this engine's own read-write database), each with an <c>information_schema</c> (tables, columns, schemata).
/// </summary>
internal sealed class EngineCatalogs(SqliteConnection connection)
{
    public const string Tpch = "tpch";
    public const string Memory = "memory";
    public const string InformationSchema = "information_schema";
    public const string TinySchema = "tiny";
    public const string DefaultSchema = "default";

    private static readonly Dictionary<string, TableColumn[]> s_informationSchema = new(StringComparer.Ordinal)
    {
        ["columns"] =
        [
            new("table_catalog", "varchar"), new("table_schema", "varchar"), new("table_name", "varchar"), new("column_name", "varchar"),
            new("ordinal_position", "bigint"), new("column_default", "varchar"), new("is_nullable", "varchar"), new("data_type", "varchar"),
        ],
        ["schemata"] = [new("catalog_name", "varchar"), new("schema_name", "varchar")],
        ["tables"] = [new("table_catalog", "varchar"), new("table_schema", "varchar"), new("table_name", "varchar"), new("table_type", "varchar")],
    };

    public static IReadOnlyList<string> Catalogs { get; } = [Memory, Tpch];

    public static bool CatalogExists(string catalog) => Catalogs.Contains(catalog, StringComparer.Ordinal);

    public static IReadOnlyList<string> Schemas(string catalog) =>
        string.Equals(catalog, Tpch, StringComparison.Ordinal) ? [InformationSchema, TinySchema] : [DefaultSchema, InformationSchema];

    public static bool SchemaExists(string catalog, string schema) => CatalogExists(catalog) && Schemas(catalog).Contains(schema, StringComparer.Ordinal);

    public IReadOnlyList<string> Tables(string catalog, string schema)
    {
        if (string.Equals(schema, InformationSchema, StringComparison.Ordinal))
        {
            return [.. s_informationSchema.Keys.Order(StringComparer.Ordinal)];
        }

        if (string.Equals(catalog, Tpch, StringComparison.Ordinal))
        {
            return [.. TpchData.Tables.Keys.Order(StringComparer.Ordinal)];
        }

        var names = new List<string>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM main.sqlite_master WHERE type = 'table' ORDER BY name";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>The columns of a table, or null when it does not exist.</summary>
    public IReadOnlyList<TableColumn>? Columns(string catalog, string schema, string table)
    {
        if (string.Equals(schema, InformationSchema, StringComparison.Ordinal))
        {
            return s_informationSchema.TryGetValue(table, out var info) ? info : null;
        }

        if (string.Equals(catalog, Tpch, StringComparison.Ordinal))
        {
            return TpchData.Tables.TryGetValue(table, out var tpch) ? tpch : null;
        }

        var columns = new List<TableColumn>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, type FROM pragma_table_info($t, 'main')";
        command.Parameters.AddWithValue("$t", table);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            columns.Add(new TableColumn(reader.GetString(0), SqlText.DecodeType(reader.GetString(1)) ?? "unknown"));
        }

        return columns.Count == 0 ? null : columns;
    }

    /// <summary>
    /// Resolves a 1-3 part table name (its tokens) against the session, failing like Trino on a missing session
    /// schema or catalog, an unknown catalog or schema; the table itself may not exist (see <see cref="Columns"/>).
    /// </summary>
    public static ResolvedTable Resolve(IReadOnlyList<SqlToken> parts, EngineSession session)
    {
        var at = parts[0];
        string table = parts[^1].Value.ToLowerInvariant();
        string schema = parts.Count > 1 ? parts[^2].Value.ToLowerInvariant()
            : session.Schema?.ToLowerInvariant() ?? throw Fail("MISSING_SCHEMA_NAME", at, "Schema must be specified when session schema is not set");
        string catalog = parts.Count > 2 ? parts[^3].Value.ToLowerInvariant()
            : session.Catalog?.ToLowerInvariant() ?? throw Fail("MISSING_CATALOG_NAME", at, "Catalog must be specified when session catalog is not set");
        if (parts.Count > 3)
        {
            throw Fail("SYNTAX_ERROR", at, "Too many dots in table name: " + string.Join('.', parts.Select(p => p.Value)));
        }

        if (!CatalogExists(catalog))
        {
            throw Fail("CATALOG_NOT_FOUND", at, $"Catalog '{catalog}' not found");
        }

        if (!SchemaExists(catalog, schema))
        {
            throw Fail("SCHEMA_NOT_FOUND", at, $"Schema '{schema}' does not exist");
        }

        return new ResolvedTable(catalog, schema, table, at);
    }

    /// <summary>Resolves a table that must exist.</summary>
    public ResolvedTable ResolveExisting(IReadOnlyList<SqlToken> parts, EngineSession session, out IReadOnlyList<TableColumn> columns)
    {
        var resolved = Resolve(parts, session);
        columns = Columns(resolved.Catalog, resolved.Schema, resolved.Table)
            ?? throw Fail("TABLE_NOT_FOUND", resolved.At, $"Table '{resolved.FullName}' does not exist");
        return resolved;
    }

    /// <summary>
    /// The SQLite subquery standing for an <c>information_schema</c> table of a catalog: its rows inlined as VALUES.
    /// </summary>
    public string InformationSchemaQuery(string catalog, string table)
    {
        var rows = new List<object[]>();
        foreach (var schema in Schemas(catalog))
        {
            if (string.Equals(table, "schemata", StringComparison.Ordinal))
            {
                rows.Add([catalog, schema]);
                continue;
            }

            foreach (var name in Tables(catalog, schema))
            {
                if (string.Equals(table, "tables", StringComparison.Ordinal))
                {
                    rows.Add([catalog, schema, name, "BASE TABLE"]);
                    continue;
                }

                var columns = Columns(catalog, schema, name) ?? [];
                for (int i = 0; i < columns.Count; i++)
                {
                    rows.Add([catalog, schema, name, columns[i].Name, (long)(i + 1), DBNull.Value, "YES", columns[i].Type]);
                }
            }
        }

        var definition = s_informationSchema[table];
        var sb = new StringBuilder("(SELECT ");
        for (int i = 0; i < definition.Length; i++)
        {
            sb.Append(i == 0 ? string.Empty : ", ").Append("column").Append((i + 1).ToString(CultureInfo.InvariantCulture))
                .Append(" AS ").Append(SqlText.Quote(definition[i].Name));
        }

        sb.Append(" FROM (VALUES ");
        for (int r = 0; r < rows.Count; r++)
        {
            sb.Append(r == 0 ? "(" : ", (");
            for (int i = 0; i < rows[r].Length; i++)
            {
                sb.Append(i == 0 ? string.Empty : ", ").Append(rows[r][i] switch
                {
                    string s => SqlText.Literal(s),
                    long l => l.ToString(CultureInfo.InvariantCulture),
                    _ => "NULL",
                });
            }

            sb.Append(')');
        }

        if (rows.Count == 0)
        {
            sb.Append('(').Append(string.Join(", ", Enumerable.Repeat("NULL", definition.Length))).Append(')');
            sb.Append(") WHERE 0)");
        }
        else
        {
            sb.Append("))");
        }

        return sb.ToString();
    }

    public static QueryFailureException Fail(string name, SqlToken at, string message) =>
        new(name, $"line {at.Location}: {message}", at.Line, at.Column);
}
