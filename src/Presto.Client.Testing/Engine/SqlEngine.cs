using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.Data.Sqlite;
using Presto.Testing.Execution;

namespace Presto.Testing.Engine;

/// <summary>
/// Executes Presto SQL on SQLite: catalog <c>tpch</c> (schema <c>tiny</c>, generated once per process and shared
/// read-only) and catalog <c>memory</c> (schema <c>default</c>, private to this engine). Thread-safe: every
/// <see cref="Execute"/> opens its own connection; writes to the memory catalog are serialized. Query rows stream from
/// the SQLite reader and the connection closes when the row enumerator is disposed.
/// </summary>
internal sealed class SqlEngine : IDisposable
{
    private const string StatementStarts = "'ALTER', 'ANALYZE', 'CALL', 'COMMENT', 'COMMIT', 'CREATE', 'DEALLOCATE', 'DELETE', 'DENY', 'DESC', 'DESCRIBE', 'DROP', 'EXECUTE', 'EXPLAIN', 'GRANT', 'INSERT', 'MERGE', 'PREPARE', 'REFRESH', 'RESET', 'REVOKE', 'ROLLBACK', 'SET', 'SHOW', 'START', 'TRUNCATE', 'UPDATE', 'USE', <query>";

    private const int WriteTimeoutSeconds = 5;

    private readonly string _memoryUri;
    private readonly SqliteConnection _keeper;
    private readonly object _writeLock = new();
    private int _disposed;

    public SqlEngine()
    {
        SqliteSetup.EnsureInitialized();
        _ = TpchData.DatabaseUri;
        _memoryUri = "file:presto_memory_" + Guid.NewGuid().ToString("N") + "?mode=memory&cache=shared";
        _keeper = new SqliteConnection("Data Source=" + _memoryUri + ";Pooling=False");
        _keeper.Open();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _keeper.Dispose();
        }
    }

    /// <summary>Runs one statement; every failure is a <see cref="QueryFailureException"/> with a Presto error name.</summary>
    public QueryOutcome Execute(string sql, EngineSession session)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        List<SqlToken>? tokens = null;
        try
        {
            tokens = SqlTokenizer.Tokenize(sql);
            return Dispatch(tokens, session);
        }
        catch (QueryFailureException)
        {
            throw;
        }
        catch (SqliteException e)
        {
            throw MapSqliteException(e, tokens ?? []);
        }
        catch (Exception e)
        {
            throw new QueryFailureException("GENERIC_INTERNAL_ERROR", "Embedded engine failure: " + e.Message, inner: e);
        }
    }

    private QueryOutcome Dispatch(List<SqlToken> tokens, EngineSession session)
    {
        var first = tokens[0];
        if (first.Kind == TokenKind.End)
        {
            throw SqlTranslator.Syntax(first, $"mismatched input '<EOF>'. Expecting: {StatementStarts}");
        }

        var connection = SqliteSetup.Open(_memoryUri);
        bool handedOver = false;
        try
        {
            var catalogs = new EngineCatalogs(connection);
            var translator = new SqlTranslator(tokens, catalogs, session);
            int end = tokens.Count - 1;
            if (first.IsOp("(") || first.Is("SELECT") || first.Is("WITH") || first.Is("VALUES"))
            {
                var outcome = RunQuery(connection, translator, tokens, 0, end);
                handedOver = true;
                return outcome;
            }

            if (!first.IsWord)
            {
                throw SqlTranslator.Syntax(first, $"mismatched input '{first.Text}'. Expecting: {StatementStarts}");
            }

            switch (first.Text.ToUpperInvariant())
            {
                case "TABLE":
                {
                    var parts = new List<SqlToken>();
                    int next = translator.ParseQualifiedName(1, parts);
                    ExpectEnd(tokens, next);
                    var command = connection.CreateCommand();
                    command.CommandText = "SELECT * FROM " + translator.TableReference(parts, aliased: false);
                    var outcome = Stream(connection, command, tokens, null);
                    handedOver = true;
                    return outcome;
                }

                case "SHOW":
                    return Show(tokens, catalogs, session);
                case "DESCRIBE":
                case "DESC":
                {
                    if (tokens[1].Is("INPUT") || tokens[1].Is("OUTPUT"))
                    {
                        throw SqlTranslator.NotSupported(first, $"DESCRIBE {tokens[1].Text.ToUpperInvariant()} is not supported by the embedded engine");
                    }

                    return DescribeTable(tokens, 1, catalogs, session);
                }

                case "CREATE":
                    return Create(connection, translator, tokens, catalogs, session);
                case "INSERT":
                    return Insert(connection, translator, tokens, catalogs, session);
                case "DELETE":
                    return Delete(connection, translator, tokens, catalogs, session);
                case "UPDATE":
                    return Update(connection, translator, tokens, catalogs, session);
                case "TRUNCATE":
                    return Truncate(connection, translator, tokens, catalogs, session);
                case "DROP":
                    return Drop(connection, translator, tokens, catalogs, session);
                case "EXPLAIN":
                case "ALTER":
                case "CALL":
                case "GRANT":
                case "REVOKE":
                case "DENY":
                case "COMMENT":
                case "ANALYZE":
                case "MERGE":
                case "REFRESH":
                    throw SqlTranslator.NotSupported(first, $"{first.Text.ToUpperInvariant()} is not supported by the embedded engine");
                case "SET":
                case "RESET":
                case "USE":
                case "PREPARE":
                case "EXECUTE":
                case "DEALLOCATE":
                case "START":
                case "COMMIT":
                case "ROLLBACK":
                    throw SqlTranslator.NotSupported(first, $"{first.Text.ToUpperInvariant()} is a session statement handled by the server, not the SQL engine");
                default:
                    throw SqlTranslator.Syntax(first, $"mismatched input '{first.Text}'. Expecting: {StatementStarts}");
            }
        }
        finally
        {
            if (!handedOver)
            {
                connection.Dispose();
            }
        }
    }

    private static void ExpectEnd(List<SqlToken> tokens, int index)
    {
        if (tokens[index].Kind != TokenKind.End)
        {
            throw SqlTranslator.Syntax(tokens[index], $"mismatched input '{tokens[index].Text}'. Expecting: <EOF>");
        }
    }

    // ---------------------------------------------------------------- queries

    private static QueryOutcome RunQuery(SqliteConnection connection, SqlTranslator translator, List<SqlToken> tokens, int start, int end)
    {
        string text = translator.Translate(start, end);
        var shape = QueryShape.Analyze(tokens, MatchOf(translator, tokens), start, end, out _);
        var command = connection.CreateCommand();
        command.CommandText = text;
        return Stream(connection, command, tokens, shape, ColumnTypeLookup(translator, connection));
    }

    /// <summary>Finds the declared type of a column name among the tables a query referenced (unique match only).</summary>
    private static Func<string, string?> ColumnTypeLookup(SqlTranslator translator, SqliteConnection connection) => name =>
    {
        var catalogs = new EngineCatalogs(connection);
        var types = translator.ReferencedTables
            .SelectMany(t => catalogs.Columns(t.Catalog, t.Schema, t.Table) ?? [])
            .Where(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
            .Select(c => c.Type)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return types.Count == 1 ? types[0] : null;
    };

    private static int[] MatchOf(SqlTranslator translator, List<SqlToken> tokens)
    {
        var match = new int[tokens.Count];
        for (int i = 0; i < tokens.Count; i++)
        {
            match[i] = tokens[i].IsOp("(") || tokens[i].IsOp(")") ? translator.Match(i) : -1;
        }

        return match;
    }

    /// <summary>Executes a query command and hands connection, command and reader over to the streamed rows.</summary>
    private static QueryOutcome Stream(SqliteConnection connection, SqliteCommand command, List<SqlToken> tokens, List<SelectItem>? shape, Func<string, string?>? columnType = null)
    {
        SqliteDataReader? reader = null;
        try
        {
            reader = command.ExecuteReader();
            bool hasRow = reader.Read();
            var columns = DescribeResult(reader, shape, hasRow, columnType);
            return new QueryOutcome
            {
                Columns = columns,
                Rows = new ReaderRows(connection, command, reader, hasRow, [.. columns.Select(c => PrestoTypes.Converter(c.Type))], tokens),
            };
        }
        catch
        {
            reader?.Dispose();
            command.Dispose();
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Output columns of a result. Names: the alias, else the column name for a plain column reference or an expanded
    /// <c>*</c>, else <c>_colN</c> (N = output position). Types: the declared Presto type of a referenced table column,
    /// else the type the select item has by construction (CAST target, literal, count...), else inferred from the SQLite
    /// storage class of the first row's value (INTEGER→bigint, REAL→double, TEXT→varchar, BLOB→varbinary,
    /// NULL or no row→unknown).
    /// </summary>
    private static List<ResultColumn> DescribeResult(SqliteDataReader reader, List<SelectItem>? shape, bool hasRow, Func<string, string?>? columnType)
    {
        int n = reader.FieldCount;
        int firstStar = shape?.FindIndex(s => s.IsStar) ?? -1;
        int lastStar = shape?.FindLastIndex(s => s.IsStar) ?? -1;
        if (shape is not null && firstStar < 0 && shape.Count != n)
        {
            shape = null;
        }

        var columns = new List<ResultColumn>(n);
        for (int c = 0; c < n; c++)
        {
            SelectItem? item = null;
            if (shape is not null)
            {
                if (firstStar < 0 || c < firstStar)
                {
                    item = shape[c];
                }
                else if (c >= n - (shape.Count - 1 - lastStar))
                {
                    item = shape[shape.Count - (n - c)];
                }
            }

            string sqliteName = reader.GetName(c);
            string name = item is null
                ? sqliteName.ToLowerInvariant()
                : item.Alias ?? (item.IsColumnReference ? sqliteName.ToLowerInvariant() : "_col" + c.ToString(CultureInfo.InvariantCulture));
            string? declared = null;
            try
            {
                declared = SqlText.DecodeType(reader.GetDataTypeName(c));
            }
            catch (Exception e) when (e is InvalidOperationException or SqliteException)
            {
            }

            string? hint = item?.TypeHint;
            if (hint is not null && hint.StartsWith(QueryShape.ColumnTypePrefix, StringComparison.Ordinal))
            {
                hint = columnType?.Invoke(hint[QueryShape.ColumnTypePrefix.Length..]);
            }
            else if (hint is not null && hint.StartsWith(QueryShape.ElementTypePrefix, StringComparison.Ordinal))
            {
                hint = PrestoTypes.ElementType(columnType?.Invoke(hint[QueryShape.ElementTypePrefix.Length..]));
            }

            string type = declared ?? hint ?? (hasRow ? PrestoTypes.InferFromValue(reader.GetValue(c)) : "unknown");
            columns.Add(new ResultColumn(name, type));
        }

        return columns;
    }

    /// <summary>Rows streamed from an open reader; enumerable once; disposing the enumerator closes the connection.</summary>
    private sealed class ReaderRows(SqliteConnection connection, SqliteCommand command, SqliteDataReader reader, bool hasRow, Func<object?, object?>[] types, List<SqlToken> tokens)
        : IEnumerable<object?[]>
    {
        private readonly SqliteConnection _connection = connection;
        private readonly SqliteCommand _command = command;
        private readonly SqliteDataReader _reader = reader;
        private readonly bool _hasRow = hasRow;
        private readonly Func<object?, object?>[] _types = types;
        private readonly List<SqlToken> _tokens = tokens;
        private int _taken;

        public IEnumerator<object?[]> GetEnumerator()
        {
            if (Interlocked.Exchange(ref _taken, 1) != 0)
            {
                throw new InvalidOperationException("The rows of a query can be enumerated only once.");
            }

            return new Enumerator(this);
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private sealed class Enumerator(ReaderRows owner) : IEnumerator<object?[]>
        {
            private bool _first = true;
            private bool _done;
            private object?[]? _current;

            public object?[] Current => _current ?? throw new InvalidOperationException();

            object IEnumerator.Current => Current;

            public bool MoveNext()
            {
                if (_done)
                {
                    return false;
                }

                try
                {
                    bool has = _first ? owner._hasRow : owner._reader.Read();
                    _first = false;
                    if (!has)
                    {
                        _done = true;
                        _current = null;
                        Dispose();
                        return false;
                    }

                    var row = new object?[owner._types.Length];
                    for (int c = 0; c < row.Length; c++)
                    {
                        row[c] = owner._types[c](owner._reader.GetValue(c));
                    }

                    _current = row;
                    return true;
                }
                catch (SqliteException e)
                {
                    _done = true;
                    Dispose();
                    throw MapSqliteException(e, owner._tokens);
                }
            }

            public void Reset() => throw new NotSupportedException();

            public void Dispose()
            {
                _done = true;
                owner._reader.Dispose();
                owner._command.Dispose();
                owner._connection.Dispose();
            }
        }
    }

    private static QueryOutcome Materialized(IReadOnlyList<string> names, IEnumerable<object?[]> rows) => new()
    {
        Columns = [.. names.Select(n => new ResultColumn(n, "varchar"))],
        Rows = rows.ToList(),
    };

    // ---------------------------------------------------------------- metadata

    private static QueryOutcome Show(List<SqlToken> t, EngineCatalogs catalogs, EngineSession session)
    {
        var what = t[1];
        int i = 2;
        string? like = null;
        int ParseLike(int j)
        {
            if (t[j].Is("LIKE"))
            {
                if (t[j + 1].Kind != TokenKind.String)
                {
                    throw SqlTranslator.Syntax(t[j + 1], $"mismatched input '{t[j + 1].Text}'. Expecting: <string>");
                }

                like = t[j + 1].Value;
                j += 2;
                if (t[j].Is("ESCAPE"))
                {
                    throw SqlTranslator.NotSupported(t[j], "LIKE ... ESCAPE is not supported in SHOW statements");
                }
            }

            ExpectEnd(t, j);
            return j;
        }

        switch (what.Text.ToUpperInvariant())
        {
            case "CATALOGS":
                ParseLike(i);
                return Materialized(["Catalog"], EngineCatalogs.Catalogs.Where(c => Like(c, like)).Select(c => new object?[] { c }));
            case "SCHEMAS":
            {
                string? catalog = session.Catalog?.ToLowerInvariant();
                var at = what;
                if (t[i].Is("FROM") || t[i].Is("IN"))
                {
                    at = t[i + 1];
                    if (!at.IsName)
                    {
                        throw SqlTranslator.Syntax(at, $"mismatched input '{at.Text}'. Expecting: <identifier>");
                    }

                    catalog = at.Value.ToLowerInvariant();
                    i += 2;
                }

                ParseLike(i);
                if (catalog is null)
                {
                    throw EngineCatalogs.Fail("MISSING_CATALOG_NAME", at, "Catalog must be specified when session catalog is not set");
                }

                if (!EngineCatalogs.CatalogExists(catalog))
                {
                    throw EngineCatalogs.Fail("CATALOG_NOT_FOUND", at, $"Catalog '{catalog}' not found");
                }

                return Materialized(["Schema"], EngineCatalogs.Schemas(catalog).Where(s => Like(s, like)).Select(s => new object?[] { s }));
            }

            case "TABLES":
            {
                var parts = new List<SqlToken>();
                var at = what;
                if (t[i].Is("FROM") || t[i].Is("IN"))
                {
                    at = t[i + 1];
                    var dummy = new SqlTranslator(t, catalogs, session);
                    i = dummy.ParseQualifiedName(i + 1, parts);
                }

                ParseLike(i);
                var (catalog, schema) = ResolveSchema(parts, session, at);
                return Materialized(["Table"], catalogs.Tables(catalog, schema).Where(s => Like(s, like)).Select(s => new object?[] { s }));
            }

            case "COLUMNS":
                if (!t[i].Is("FROM") && !t[i].Is("IN"))
                {
                    throw SqlTranslator.Syntax(t[i], $"mismatched input '{t[i].Text}'. Expecting: 'FROM', 'IN'");
                }

                return DescribeTable(t, i + 1, catalogs, session);
            default:
                throw SqlTranslator.NotSupported(what, $"SHOW {what.Text.ToUpperInvariant()} is not supported by the embedded engine");
        }
    }

    private static (string Catalog, string Schema) ResolveSchema(List<SqlToken> parts, EngineSession session, SqlToken at)
    {
        string schema = parts.Count > 0 ? parts[^1].Value.ToLowerInvariant()
            : session.Schema?.ToLowerInvariant() ?? throw EngineCatalogs.Fail("MISSING_SCHEMA_NAME", at, "Schema must be specified when session schema is not set");
        string catalog = parts.Count > 1 ? parts[^2].Value.ToLowerInvariant()
            : session.Catalog?.ToLowerInvariant() ?? throw EngineCatalogs.Fail("MISSING_CATALOG_NAME", at, "Catalog must be specified when session catalog is not set");
        if (parts.Count > 2)
        {
            throw SqlTranslator.Syntax(parts[0], "Too many parts in schema name: " + string.Join('.', parts.Select(p => p.Value)));
        }

        if (!EngineCatalogs.CatalogExists(catalog))
        {
            throw EngineCatalogs.Fail("CATALOG_NOT_FOUND", parts.Count > 0 ? parts[0] : at, $"Catalog '{catalog}' not found");
        }

        if (!EngineCatalogs.SchemaExists(catalog, schema))
        {
            throw EngineCatalogs.Fail("SCHEMA_NOT_FOUND", parts.Count > 0 ? parts[0] : at, $"Schema '{schema}' does not exist");
        }

        return (catalog, schema);
    }

    private static QueryOutcome DescribeTable(List<SqlToken> t, int i, EngineCatalogs catalogs, EngineSession session)
    {
        var parts = new List<SqlToken>();
        var translator = new SqlTranslator(t, catalogs, session);
        int next = translator.ParseQualifiedName(i, parts);
        string? like = null;
        if (t[next].Is("LIKE") && t[next + 1].Kind == TokenKind.String)
        {
            like = t[next + 1].Value;
            next += 2;
        }

        ExpectEnd(t, next);
        catalogs.ResolveExisting(parts, session, out var columns);
        return Materialized(
            ["Column", "Type", "Extra", "Comment"],
            columns.Where(c => Like(c.Name, like)).Select(c => new object?[] { c.Name, c.Type, string.Empty, string.Empty }));
    }

    private static bool Like(string value, string? pattern)
    {
        if (pattern is null)
        {
            return true;
        }

        var regex = new StringBuilder("^");
        foreach (char c in pattern)
        {
            regex.Append(c switch { '%' => ".*", '_' => ".", _ => Regex.Escape(c.ToString()) });
        }

        return Regex.IsMatch(value, regex.Append('$').ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    // ---------------------------------------------------------------- writes

    private static QueryFailureException ReadOnly(ResolvedTable table, string what) =>
        table.IsInformationSchema
            ? new QueryFailureException("NOT_SUPPORTED", $"line {table.At.Location}: Cannot modify information_schema tables", table.At.Line, table.At.Column)
            : new QueryFailureException("NOT_SUPPORTED", $"line {table.At.Location}: This connector does not support {what}", table.At.Line, table.At.Column);

    private static bool IsWritable(ResolvedTable table) => !table.IsTpch && !table.IsInformationSchema;

    private long Write(SqliteConnection connection, string sql)
    {
        lock (_writeLock)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;

            // The provider retries while SQLite reports the table locked (a DROP while a query still streams it).
            command.CommandTimeout = WriteTimeoutSeconds;
            return command.ExecuteNonQuery();
        }
    }

    private QueryOutcome Create(SqliteConnection connection, SqlTranslator translator, List<SqlToken> t, EngineCatalogs catalogs, EngineSession session)
    {
        int i = 1;
        if (t[i].Is("OR") || t[i].Is("VIEW") || t[i].Is("MATERIALIZED") || t[i].Is("FUNCTION") || t[i].Is("ROLE"))
        {
            throw SqlTranslator.NotSupported(t[0], $"CREATE {t[i].Text.ToUpperInvariant()} is not supported by the embedded engine");
        }

        if (t[i].Is("SCHEMA"))
        {
            i++;
            bool ifNotExists = t[i].Is("IF") && t[i + 1].Is("NOT") && t[i + 2].Is("EXISTS");
            i += ifNotExists ? 3 : 0;
            var parts = new List<SqlToken>();
            translator.ParseQualifiedName(i, parts);
            string schema = parts[^1].Value.ToLowerInvariant();
            string catalog = parts.Count > 1 ? parts[^2].Value.ToLowerInvariant()
                : session.Catalog?.ToLowerInvariant() ?? throw EngineCatalogs.Fail("MISSING_CATALOG_NAME", parts[0], "Catalog must be specified when session catalog is not set");
            if (!EngineCatalogs.CatalogExists(catalog))
            {
                throw EngineCatalogs.Fail("CATALOG_NOT_FOUND", parts[0], $"Catalog '{catalog}' not found");
            }

            if (EngineCatalogs.SchemaExists(catalog, schema))
            {
                return ifNotExists
                    ? new QueryOutcome { UpdateType = "CREATE SCHEMA" }
                    : throw EngineCatalogs.Fail("SCHEMA_ALREADY_EXISTS", parts[0], $"Schema '{catalog}.{schema}' already exists");
            }

            throw EngineCatalogs.Fail("NOT_SUPPORTED", parts[0], catalog == EngineCatalogs.Tpch
                ? "This connector does not support creating schemas"
                : "The embedded memory catalog has only the schema 'default'");
        }

        if (!t[i].Is("TABLE"))
        {
            throw SqlTranslator.Syntax(t[i], $"mismatched input '{t[i].Text}'. Expecting: 'SCHEMA', 'TABLE', 'VIEW'");
        }

        i++;
        bool ifNot = t[i].Is("IF") && t[i + 1].Is("NOT") && t[i + 2].Is("EXISTS");
        i += ifNot ? 3 : 0;
        var nameParts = new List<SqlToken>();
        i = translator.ParseQualifiedName(i, nameParts);
        var table = EngineCatalogs.Resolve(nameParts, session);
        bool exists = catalogs.Columns(table.Catalog, table.Schema, table.Table) is not null;

        // Column list (definitions, or aliases of a CTAS), then table COMMENT / WITH (...), then AS query.
        int listOpen = -1;
        if (t[i].IsOp("("))
        {
            listOpen = i;
            i = translator.Match(i) + 1;
        }

        i = SkipTableOptions(translator, t, i);
        bool ctas = t[i].Is("AS");
        if (!IsWritable(table))
        {
            throw ReadOnly(table, ctas ? "creating tables with data" : "creating tables");
        }

        if (exists)
        {
            return ifNot
                ? new QueryOutcome { UpdateType = "CREATE TABLE", UpdateCount = ctas ? 0 : null }
                : throw EngineCatalogs.Fail("TABLE_ALREADY_EXISTS", table.At, $"Table '{table.FullName}' already exists");
        }

        if (!ctas)
        {
            ExpectEnd(t, i);
            if (listOpen < 0)
            {
                throw SqlTranslator.Syntax(t[i], $"mismatched input '{t[i].Text}'. Expecting: '(', 'AS'");
            }

            var columns = ColumnDefinitions(translator, t, listOpen, out var notNull);
            var sql = new StringBuilder(SqlText.CreateTable("main", table.Table, columns, notNull: false));
            for (int c = 0; c < columns.Count; c++)
            {
                if (notNull[c])
                {
                    string quoted = SqlText.Quote(columns[c].Name) + " " + SqlText.Quote(SqlText.EncodeType(columns[c].Type));
                    sql.Replace(quoted, quoted + " NOT NULL");
                }
            }

            Write(connection, sql.ToString());
            return new QueryOutcome { UpdateType = "CREATE TABLE" };
        }

        // CREATE TABLE ... AS query [WITH [NO] DATA]
        int queryStart = i + 1;
        int queryEnd = t.Count - 1;
        bool withData = true;
        if (queryEnd - 2 > queryStart && t[queryEnd - 1].Is("DATA") && t[queryEnd - 2].Is("WITH"))
        {
            queryEnd -= 2;
        }
        else if (queryEnd - 3 > queryStart && t[queryEnd - 1].Is("DATA") && t[queryEnd - 2].Is("NO") && t[queryEnd - 3].Is("WITH"))
        {
            queryEnd -= 3;
            withData = false;
        }

        string query = translator.Translate(queryStart, queryEnd);
        var shape = t[queryStart].IsOp("(") ? null : QueryShape.Analyze(t, MatchOf(translator, t), queryStart, queryEnd, out _);
        List<ResultColumn> resultColumns;
        using (var probe = connection.CreateCommand())
        {
            probe.CommandText = query;
            using var reader = probe.ExecuteReader();
            resultColumns = DescribeResult(reader, shape, reader.Read(), ColumnTypeLookup(translator, connection));
        }

        var names = resultColumns.Select(c => c.Name).ToList();
        if (listOpen >= 0)
        {
            var aliases = new List<string>();
            for (int k = listOpen + 1; k < translator.Match(listOpen); k++)
            {
                if (t[k].IsName)
                {
                    aliases.Add(t[k].Value.ToLowerInvariant());
                }
            }

            if (aliases.Count != names.Count)
            {
                throw EngineCatalogs.Fail("MISMATCHED_COLUMN_ALIASES", t[listOpen], $"Column alias list has {aliases.Count} entries but '{table.Table}' has {names.Count} columns available");
            }

            names = aliases;
        }

        var definitions = new List<TableColumn>();
        for (int c = 0; c < names.Count; c++)
        {
            if (listOpen < 0 && Regex.IsMatch(names[c], "^_col[0-9]+$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
            {
                throw EngineCatalogs.Fail("MISSING_COLUMN_NAME", t[0], $"Column name not specified at position {c + 1}");
            }

            if (resultColumns[c].Type == "unknown")
            {
                throw EngineCatalogs.Fail("COLUMN_TYPE_UNKNOWN", t[0], $"Column type is unknown: {names[c]}");
            }

            if (definitions.Any(d => string.Equals(d.Name, names[c], StringComparison.OrdinalIgnoreCase)))
            {
                throw EngineCatalogs.Fail("DUPLICATE_COLUMN_NAME", t[0], $"Column name '{names[c]}' specified more than once");
            }

            definitions.Add(new TableColumn(names[c], resultColumns[c].Type));
        }

        lock (_writeLock)
        {
            Write(connection, SqlText.CreateTable("main", table.Table, definitions, notNull: false));
            long count = withData ? Write(connection, "INSERT INTO " + table.SqliteName + " SELECT * FROM (" + query + ")") : 0;
            return new QueryOutcome { UpdateType = "CREATE TABLE", UpdateCount = count };
        }
    }

    private static int SkipTableOptions(SqlTranslator translator, List<SqlToken> t, int i)
    {
        while (true)
        {
            if (t[i].Is("COMMENT") && t[i + 1].Kind == TokenKind.String)
            {
                i += 2;
            }
            else if (t[i].Is("WITH") && t[i + 1].IsOp("("))
            {
                i = translator.Match(i + 1) + 1;
            }
            else
            {
                return i;
            }
        }
    }

    private static List<TableColumn> ColumnDefinitions(SqlTranslator translator, List<SqlToken> t, int open, out List<bool> notNull)
    {
        int close = translator.Match(open);
        var columns = new List<TableColumn>();
        notNull = [];
        int i = open + 1;
        while (i < close)
        {
            var name = t[i];
            if (name.Is("LIKE"))
            {
                throw SqlTranslator.NotSupported(name, "CREATE TABLE ... (LIKE ...) is not supported by the embedded engine");
            }

            if (!name.IsName)
            {
                throw SqlTranslator.Syntax(name, $"mismatched input '{name.Text}'. Expecting: <identifier>");
            }

            string column = name.Value.ToLowerInvariant();
            string type = translator.ParseType(i + 1, close, out i, column);
            bool required = false;
            while (i < close && !t[i].IsOp(","))
            {
                if (t[i].Is("NOT") && t[i + 1].Is("NULL"))
                {
                    required = true;
                    i += 2;
                }
                else if (t[i].Is("COMMENT") && t[i + 1].Kind == TokenKind.String)
                {
                    i += 2;
                }
                else if (t[i].Is("WITH") && t[i + 1].IsOp("("))
                {
                    i = translator.Match(i + 1) + 1;
                }
                else
                {
                    throw SqlTranslator.Syntax(t[i], $"mismatched input '{t[i].Text}'. Expecting: ',', ')'");
                }
            }

            if (columns.Any(c => string.Equals(c.Name, column, StringComparison.Ordinal)))
            {
                throw EngineCatalogs.Fail("DUPLICATE_COLUMN_NAME", name, $"Column name '{column}' specified more than once");
            }

            columns.Add(new TableColumn(column, type));
            notNull.Add(required);
            i = t[i].IsOp(",") ? i + 1 : i;
        }

        if (columns.Count == 0)
        {
            throw SqlTranslator.Syntax(t[close], "mismatched input ')'. Expecting: <identifier>");
        }

        return columns;
    }

    private QueryOutcome Insert(SqliteConnection connection, SqlTranslator translator, List<SqlToken> t, EngineCatalogs catalogs, EngineSession session)
    {
        if (!t[1].Is("INTO"))
        {
            throw SqlTranslator.Syntax(t[1], $"mismatched input '{t[1].Text}'. Expecting: 'INTO'");
        }

        var parts = new List<SqlToken>();
        int i = translator.ParseQualifiedName(2, parts);
        var table = catalogs.ResolveExisting(parts, session, out var columns);
        if (!IsWritable(table))
        {
            throw ReadOnly(table, "inserts");
        }

        var sql = new StringBuilder("INSERT INTO ").Append(table.SqliteName);
        if (t[i].IsOp("(") && !t[i + 1].Is("SELECT") && !t[i + 1].Is("WITH") && !t[i + 1].Is("VALUES") && !t[i + 1].IsOp("("))
        {
            int close = translator.Match(i);
            var named = new List<string>();
            for (int k = i + 1; k < close; k++)
            {
                if (t[k].IsOp(","))
                {
                    continue;
                }

                string column = t[k].Value.ToLowerInvariant();
                if (!t[k].IsName)
                {
                    throw SqlTranslator.Syntax(t[k], $"mismatched input '{t[k].Text}'. Expecting: <identifier>");
                }

                if (!columns.Any(c => string.Equals(c.Name, column, StringComparison.Ordinal)))
                {
                    throw EngineCatalogs.Fail("COLUMN_NOT_FOUND", t[k], $"Insert column name does not exist in target table: {column}");
                }

                if (named.Contains(column, StringComparer.Ordinal))
                {
                    throw EngineCatalogs.Fail("DUPLICATE_COLUMN_NAME", t[k], $"Insert column name is specified more than once: {column}");
                }

                named.Add(column);
            }

            sql.Append(" (").Append(string.Join(", ", named.Select(SqlText.Quote))).Append(')');
            i = close + 1;
        }

        if (t[i].Kind == TokenKind.End)
        {
            throw SqlTranslator.Syntax(t[i], "mismatched input '<EOF>'. Expecting: <query>");
        }

        sql.Append(' ').Append(translator.Translate(i, t.Count - 1));
        return new QueryOutcome { UpdateType = "INSERT", UpdateCount = Write(connection, sql.ToString()) };
    }

    private QueryOutcome Delete(SqliteConnection connection, SqlTranslator translator, List<SqlToken> t, EngineCatalogs catalogs, EngineSession session)
    {
        if (!t[1].Is("FROM"))
        {
            throw SqlTranslator.Syntax(t[1], $"mismatched input '{t[1].Text}'. Expecting: 'FROM'");
        }

        var parts = new List<SqlToken>();
        int i = translator.ParseQualifiedName(2, parts);
        var table = catalogs.ResolveExisting(parts, session, out _);
        if (!IsWritable(table))
        {
            throw ReadOnly(table, "modifying table rows");
        }

        if (!t[i].Is("WHERE") && t[i].Kind != TokenKind.End)
        {
            throw SqlTranslator.Syntax(t[i], $"mismatched input '{t[i].Text}'. Expecting: 'WHERE', <EOF>");
        }

        string sql = "DELETE FROM " + table.SqliteName + " " + translator.Translate(i, t.Count - 1);
        return new QueryOutcome { UpdateType = "DELETE", UpdateCount = Write(connection, sql) };
    }

    private QueryOutcome Update(SqliteConnection connection, SqlTranslator translator, List<SqlToken> t, EngineCatalogs catalogs, EngineSession session)
    {
        var parts = new List<SqlToken>();
        int i = translator.ParseQualifiedName(1, parts);
        var table = catalogs.ResolveExisting(parts, session, out _);
        if (!IsWritable(table))
        {
            throw ReadOnly(table, "modifying table rows");
        }

        if (!t[i].Is("SET"))
        {
            throw SqlTranslator.Syntax(t[i], $"mismatched input '{t[i].Text}'. Expecting: 'SET'");
        }

        string sql = "UPDATE " + table.SqliteName + " " + translator.Translate(i, t.Count - 1);
        return new QueryOutcome { UpdateType = "UPDATE", UpdateCount = Write(connection, sql) };
    }

    private QueryOutcome Truncate(SqliteConnection connection, SqlTranslator translator, List<SqlToken> t, EngineCatalogs catalogs, EngineSession session)
    {
        if (!t[1].Is("TABLE"))
        {
            throw SqlTranslator.Syntax(t[1], $"mismatched input '{t[1].Text}'. Expecting: 'TABLE'");
        }

        var parts = new List<SqlToken>();
        ExpectEnd(t, translator.ParseQualifiedName(2, parts));
        var table = catalogs.ResolveExisting(parts, session, out _);
        if (!IsWritable(table))
        {
            throw ReadOnly(table, "truncating tables");
        }

        Write(connection, "DELETE FROM " + table.SqliteName);
        return new QueryOutcome { UpdateType = "TRUNCATE TABLE" };
    }

    private QueryOutcome Drop(SqliteConnection connection, SqlTranslator translator, List<SqlToken> t, EngineCatalogs catalogs, EngineSession session)
    {
        if (!t[1].Is("TABLE"))
        {
            throw SqlTranslator.NotSupported(t[0], $"DROP {t[1].Text.ToUpperInvariant()} is not supported by the embedded engine");
        }

        int i = 2;
        bool ifExists = t[i].Is("IF") && t[i + 1].Is("EXISTS");
        i += ifExists ? 2 : 0;
        var parts = new List<SqlToken>();
        ExpectEnd(t, translator.ParseQualifiedName(i, parts));
        var table = EngineCatalogs.Resolve(parts, session);
        bool exists = catalogs.Columns(table.Catalog, table.Schema, table.Table) is not null;
        if (!exists)
        {
            return ifExists
                ? new QueryOutcome { UpdateType = "DROP TABLE" }
                : throw EngineCatalogs.Fail("TABLE_NOT_FOUND", table.At, $"Table '{table.FullName}' does not exist");
        }

        if (!IsWritable(table))
        {
            throw ReadOnly(table, "dropping tables");
        }

        Write(connection, "DROP TABLE " + table.SqliteName);
        return new QueryOutcome { UpdateType = "DROP TABLE" };
    }

    // ---------------------------------------------------------------- errors

    private static readonly Regex s_sqliteMessage = new(@"^SQLite Error \d+: '(?<m>.*)'\.?$", RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>The first token spelling <paramref name="text"/> (a name or a dotted name), for error locations.</summary>
    private static SqlToken? FindToken(List<SqlToken> tokens, string text)
    {
        var parts = text.Split('.');
        for (int i = 0; i + ((parts.Length - 1) * 2) < tokens.Count; i++)
        {
            bool match = (i == 0 || !tokens[i - 1].IsOp(".")) && (parts.Length > 1 || !tokens[i + 1].IsOp("."));
            for (int p = 0; match && p < parts.Length; p++)
            {
                var token = tokens[i + (2 * p)];
                match = token.Kind != TokenKind.End && string.Equals(token.Value, parts[p], StringComparison.OrdinalIgnoreCase)
                    && (p == 0 || tokens[i + (2 * p) - 1].IsOp("."));
            }

            if (match)
            {
                return tokens[i];
            }
        }

        return tokens.FirstOrDefault(t => t.Kind != TokenKind.End && string.Equals(t.Value, parts[0], StringComparison.OrdinalIgnoreCase));
    }

    private static QueryFailureException At(string name, SqlToken? at, string message) => at is null
        ? new QueryFailureException(name, message)
        : new QueryFailureException(name, $"line {at.Location}: {message}", at.Line, at.Column);

    /// <summary>Turns a SQLite failure into the Presto error a coordinator would report for the same mistake.</summary>
    internal static QueryFailureException MapSqliteException(SqliteException e, List<SqlToken> tokens)
    {
        var m = s_sqliteMessage.Match(e.Message);
        string message = m.Success ? m.Groups["m"].Value : e.Message;
        Match g;
        Match Is(string pattern) => g = Regex.Match(message, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        var first = tokens.Count > 0 ? tokens[0] : null;
        var end = tokens.Count > 0 ? tokens[^1] : null;

        if (Is("^no such column: (.+)$").Success)
        {
            string column = g.Groups[1].Value;
            return At("COLUMN_NOT_FOUND", FindToken(tokens, column), $"Column '{column}' cannot be resolved");
        }

        if (Is("^near \"(.+)\": syntax error$").Success)
        {
            string near = g.Groups[1].Value;
            return At("SYNTAX_ERROR", FindToken(tokens, near) ?? first, $"mismatched input '{near}'");
        }

        if (Is("^incomplete input$").Success)
        {
            return At("SYNTAX_ERROR", end, "mismatched input '<EOF>'");
        }

        if (Is("^unrecognized token: \"(.+)\"$").Success)
        {
            return At("SYNTAX_ERROR", first, $"token recognition error at: '{g.Groups[1].Value}'");
        }

        if (Is("^no such function: (.+)$").Success)
        {
            string function = g.Groups[1].Value.ToLowerInvariant();
            return At("FUNCTION_NOT_FOUND", FindToken(tokens, function), $"Function '{function}' not registered");
        }

        if (Is(@"^wrong number of arguments to function (\w+)\(\)$").Success)
        {
            string function = g.Groups[1].Value.ToLowerInvariant();
            return At("FUNCTION_NOT_FOUND", FindToken(tokens, function), $"Unexpected parameters for function {function}");
        }

        if (message.Contains("Division by zero", StringComparison.Ordinal))
        {
            return new QueryFailureException("DIVISION_BY_ZERO", "Division by zero");
        }

        if (message.Contains("SQL array indices start at 1", StringComparison.Ordinal))
        {
            return new QueryFailureException("INVALID_FUNCTION_ARGUMENT", "SQL array indices start at 1");
        }

        if (Is("^ambiguous column name: (.+)$").Success)
        {
            string column = g.Groups[1].Value;
            return At("AMBIGUOUS_NAME", FindToken(tokens, column), $"Column '{column}' is ambiguous");
        }

        if (Is("^no such table: (.+)$").Success)
        {
            return At("TABLE_NOT_FOUND", first, $"Table '{g.Groups[1].Value}' does not exist");
        }

        if (Is(@"^\d+\w\w (ORDER|GROUP) BY term out of range - should be between 1 and (\d+)").Success)
        {
            // Point at the first positional reference beyond the select list, as Trino does.
            int max = int.Parse(g.Groups[2].Value, CultureInfo.InvariantCulture);
            int clause = tokens.FindIndex(t => t.Is(g.Groups[1].Value));
            var position = tokens.Skip(Math.Max(clause, 0)).FirstOrDefault(t => t.Kind == TokenKind.Number
                && long.TryParse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture, out long v) && (v > max || v < 1));
            return At("INVALID_COLUMN_REFERENCE", position ?? first, $"{g.Groups[1].Value} BY position {position?.Text ?? "?"} is not in select list");
        }

        if (Is(@"columns but \d+ values were supplied|values for \d+ columns").Success)
        {
            return At("TYPE_MISMATCH", first, "Insert query has mismatched column count: " + message);
        }

        if (Is(@"^SELECTs to the left and right of (\w+( ALL)?) do not have the same number of result columns").Success)
        {
            return At("TYPE_MISMATCH", FindToken(tokens, g.Groups[1].Value.Split(' ')[0]), $"{g.Groups[1].Value} query has different number of fields");
        }

        if (Is(@"^NOT NULL constraint failed: \w+\.(\w+)").Success)
        {
            return At("CONSTRAINT_VIOLATION", first, $"NULL value not allowed for NOT NULL column: {g.Groups[1].Value}");
        }

        if (message.Contains("integer overflow", StringComparison.Ordinal))
        {
            return At("NUMERIC_VALUE_OUT_OF_RANGE", first, "bigint addition overflow");
        }

        if (message.Contains("is not a valid DATE field", StringComparison.Ordinal) || message.Contains("Padding string", StringComparison.Ordinal))
        {
            return At("INVALID_FUNCTION_ARGUMENT", first, message);
        }

        if ((e.SqliteErrorCode & 0xFF) is 5 or 6)
        {
            return new QueryFailureException("GENERIC_INTERNAL_ERROR", "Table is in use by a running query (SQLite: " + message + ")", inner: e);
        }

        return At("NOT_SUPPORTED", first, "Statement is not supported by the embedded engine (SQLite: " + message + ")");
    }
}
