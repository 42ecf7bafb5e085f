using System;
using System.Collections.Generic;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Presto.Types;

namespace Presto;

/// <summary>The collections of <see cref="PrestoConnection.GetSchema(string, string[])"/>.</summary>
internal static class SchemaCollections
{
    public const string MetaDataCollections = "MetaDataCollections";
    public const string DataSourceInformation = "DataSourceInformation";
    public const string DataTypes = "DataTypes";
    public const string Restrictions = "Restrictions";
    public const string Catalogs = "Catalogs";
    public const string Schemas = "Schemas";
    public const string Tables = "Tables";
    public const string Columns = "Columns";

    /// <summary>Collection → restriction names (in order) and number of identifier parts.</summary>
    private static readonly (string Name, string[] Restrictions, int IdentifierParts)[] s_collections =
    [
        (MetaDataCollections, [], 0),
        (DataSourceInformation, [], 0),
        (DataTypes, [], 0),
        (Restrictions, [], 0),
        (Catalogs, ["Catalog"], 1),
        (Schemas, ["Catalog", "Schema"], 2),
        (Tables, ["Catalog", "Schema", "Table", "TableType"], 3),
        (Columns, ["Catalog", "Schema", "Table", "Column"], 4),
    ];

    /// <summary>Presto types: name, create format, create parameters, a signature to find the CLR type with, column size, DbType, fixed length, searchable with LIKE, literal prefix.</summary>
    private static readonly (string Name, string? Format, string? Parameters, string Sample, long Size, DbType DbType, bool Fixed, bool Like, string? Prefix)[] s_types =
    [
        ("boolean", null, null, "boolean", 1, DbType.Boolean, true, false, null),
        ("tinyint", null, null, "tinyint", 3, DbType.SByte, true, false, "TINYINT '"),
        ("smallint", null, null, "smallint", 5, DbType.Int16, true, false, "SMALLINT '"),
        ("integer", null, null, "integer", 10, DbType.Int32, true, false, "INTEGER '"),
        ("bigint", null, null, "bigint", 19, DbType.Int64, true, false, "BIGINT '"),
        ("real", null, null, "real", 7, DbType.Single, true, false, "REAL '"),
        ("double", null, null, "double", 15, DbType.Double, true, false, "DOUBLE '"),
        ("decimal", "decimal({0},{1})", "precision,scale", "decimal(38,10)", 38, DbType.Decimal, true, false, "DECIMAL '"),
        ("varchar", "varchar({0})", "max length", "varchar", int.MaxValue, DbType.String, false, true, "'"),
        ("char", "char({0})", "length", "char(1)", 65536, DbType.StringFixedLength, true, true, "'"),
        ("varbinary", null, null, "varbinary", int.MaxValue, DbType.Binary, false, false, "X'"),
        ("json", null, null, "json", int.MaxValue, DbType.String, false, false, "JSON '"),
        ("date", null, null, "date", 10, DbType.Date, true, false, "DATE '"),
        ("time", "time({0})", "precision", "time(3)", 12, DbType.Time, true, false, "TIME '"),
        ("time with time zone", "time({0}) with time zone", "precision", "time(3) with time zone", 18, DbType.Object, true, false, "TIME '"),
        ("timestamp", "timestamp({0})", "precision", "timestamp(3)", 23, DbType.DateTime2, true, false, "TIMESTAMP '"),
        ("timestamp with time zone", "timestamp({0}) with time zone", "precision", "timestamp(3) with time zone", 60, DbType.DateTimeOffset, true, false, "TIMESTAMP '"),
        ("interval year to month", null, null, "interval year to month", 0, DbType.Object, true, false, "INTERVAL '"),
        ("interval day to second", null, null, "interval day to second", 0, DbType.Time, true, false, "INTERVAL '"),
        ("uuid", null, null, "uuid", 36, DbType.Guid, true, false, "UUID '"),
        ("ipaddress", null, null, "ipaddress", 39, DbType.Object, false, false, "IPADDRESS '"),
        ("array", "array({0})", "element type", "array(varchar)", 0, DbType.Object, false, false, null),
        ("map", "map({0},{1})", "key type,value type", "map(varchar,varchar)", 0, DbType.Object, false, false, null),
        ("row", "row({0})", "field definitions", "row(x varchar)", 0, DbType.Object, false, false, null),
    ];

    public static async ValueTask<DataTable> GetAsync(
        PrestoConnection connection, string collectionName, string?[]? restrictions, bool async, CancellationToken cancellationToken)
    {
        if (collectionName is null)
        {
            throw new ArgumentNullException(nameof(collectionName));
        }

        var index = Array.FindIndex(s_collections, c => string.Equals(c.Name, collectionName, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            throw new ArgumentException(
                $"'{collectionName}' is not a schema collection of Presto.Client; known: {string.Join(", ", s_collections.Select(c => c.Name))}.",
                nameof(collectionName));
        }

        var collection = s_collections[index];
        restrictions ??= [];
        if (restrictions.Length > collection.Restrictions.Length)
        {
            throw new ArgumentException(
                $"The '{collection.Name}' collection takes at most {collection.Restrictions.Length} restriction(s), not {restrictions.Length}.",
                nameof(restrictions));
        }

        string? Restriction(int i) => i < restrictions.Length ? restrictions[i] : null;
        switch (collection.Name)
        {
            case MetaDataCollections:
                return BuildMetaDataCollections();
            case DataSourceInformation:
                return BuildDataSourceInformation(connection);
            case DataTypes:
                return BuildDataTypes();
            case Restrictions:
                return BuildRestrictions();
        }

        connection.ThrowIfNotOpen();
        var catalogs = await ReadCatalogsAsync(connection, Restriction(0), async, cancellationToken).ConfigureAwait(false);
        switch (collection.Name)
        {
            case Catalogs:
            {
                var table = NewTable(Catalogs, ("CATALOG_NAME", typeof(string)));
                foreach (var catalog in catalogs)
                {
                    table.Rows.Add(catalog);
                }

                return table;
            }

            case Schemas:
                return await QueryCatalogsAsync(
                    connection,
                    catalogs,
                    NewTable(Schemas, ("CATALOG_NAME", typeof(string)), ("SCHEMA_NAME", typeof(string))),
                    "SELECT catalog_name, schema_name FROM {0}.information_schema.schemata",
                    [("schema_name", Restriction(1))],
                    "schema_name",
                    async,
                    cancellationToken).ConfigureAwait(false);
            case Tables:
                return await QueryCatalogsAsync(
                    connection,
                    catalogs,
                    NewTable(Tables, ("TABLE_CATALOG", typeof(string)), ("TABLE_SCHEMA", typeof(string)), ("TABLE_NAME", typeof(string)), ("TABLE_TYPE", typeof(string))),
                    "SELECT table_catalog, table_schema, table_name, table_type FROM {0}.information_schema.tables",
                    [("table_schema", Restriction(1)), ("table_name", Restriction(2)), ("table_type", Restriction(3))],
                    "table_schema, table_name",
                    async,
                    cancellationToken).ConfigureAwait(false);
            default:
                return await QueryCatalogsAsync(
                    connection,
                    catalogs,
                    NewTable(
                        Columns,
                        ("TABLE_CATALOG", typeof(string)),
                        ("TABLE_SCHEMA", typeof(string)),
                        ("TABLE_NAME", typeof(string)),
                        ("COLUMN_NAME", typeof(string)),
                        ("ORDINAL_POSITION", typeof(long)),
                        ("COLUMN_DEFAULT", typeof(string)),
                        ("IS_NULLABLE", typeof(string)),
                        ("DATA_TYPE", typeof(string))),
                    "SELECT table_catalog, table_schema, table_name, column_name, ordinal_position, column_default, is_nullable, data_type FROM {0}.information_schema.columns",
                    [("table_schema", Restriction(1)), ("table_name", Restriction(2)), ("column_name", Restriction(3))],
                    "table_schema, table_name, ordinal_position",
                    async,
                    cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The catalogs of <c>SHOW CATALOGS</c>, filtered by the restriction (case-insensitively, as Presto folds identifiers).</summary>
    private static async ValueTask<List<string>> ReadCatalogsAsync(PrestoConnection connection, string? restriction, bool async, CancellationToken cancellationToken)
    {
        var catalogs = new List<string>();
        await QueryAsync(connection, "SHOW CATALOGS", [], row => catalogs.Add((string)row[0]!), async, cancellationToken).ConfigureAwait(false);
        return catalogs
            .Where(c => restriction is null || string.Equals(c, restriction, StringComparison.OrdinalIgnoreCase))
            .OrderBy(c => c, StringComparer.Ordinal)
            .ToList();
    }

    private static async ValueTask<DataTable> QueryCatalogsAsync(
        PrestoConnection connection,
        List<string> catalogs,
        DataTable table,
        string select,
        (string Column, string? Value)[] filters,
        string orderBy,
        bool async,
        CancellationToken cancellationToken)
    {
        var parameters = new List<(string Name, string Value)>();
        var conditions = new List<string>();
        foreach (var (column, value) in filters)
        {
            if (value is not null)
            {
                var name = "@p" + parameters.Count.ToString(CultureInfo.InvariantCulture);
                parameters.Add((name, value));
                conditions.Add(column + " = " + name);
            }
        }

        var where = conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions);
        foreach (var catalog in catalogs)
        {
            // The catalog is a name SHOW CATALOGS returned, quoted as an identifier; restriction values are parameters.
            var sql = string.Format(CultureInfo.InvariantCulture, select, QuoteIdentifier(catalog)) + where + " ORDER BY " + orderBy;
            await QueryAsync(connection, sql, parameters, row => table.Rows.Add(row), async, cancellationToken).ConfigureAwait(false);
        }

        return table;
    }

    private static async ValueTask QueryAsync(
        PrestoConnection connection, string sql, List<(string Name, string Value)> parameters, Action<object?[]> onRow, bool async, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        using var reader = async ? await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteReader();
        while (async ? await reader.ReadAsync(cancellationToken).ConfigureAwait(false) : reader.Read())
        {
            var values = new object?[reader.FieldCount];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i) ? DBNull.Value : reader.GetValue(i);
            }

            onRow(values);
        }
    }

    internal static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    private static DataTable NewTable(string name, params (string Name, Type Type)[] columns)
    {
        var table = new DataTable(name) { Locale = CultureInfo.InvariantCulture };
        foreach (var (column, type) in columns)
        {
            table.Columns.Add(column, type);
        }

        return table;
    }

    private static DataTable BuildMetaDataCollections()
    {
        var table = NewTable(
            MetaDataCollections,
            (DbMetaDataColumnNames.CollectionName, typeof(string)),
            (DbMetaDataColumnNames.NumberOfRestrictions, typeof(int)),
            (DbMetaDataColumnNames.NumberOfIdentifierParts, typeof(int)));
        foreach (var (name, restrictions, parts) in s_collections)
        {
            table.Rows.Add(name, restrictions.Length, parts);
        }

        return table;
    }

    private static DataTable BuildRestrictions()
    {
        var table = NewTable(
            Restrictions,
            (DbMetaDataColumnNames.CollectionName, typeof(string)),
            ("RestrictionName", typeof(string)),
            ("RestrictionDefault", typeof(string)),
            ("RestrictionNumber", typeof(int)));
        foreach (var (name, restrictions, _) in s_collections)
        {
            for (int i = 0; i < restrictions.Length; i++)
            {
                table.Rows.Add(name, restrictions[i], DBNull.Value, i + 1);
            }
        }

        return table;
    }

    private static DataTable BuildDataSourceInformation(PrestoConnection connection)
    {
        var table = NewTable(
            DataSourceInformation,
            (DbMetaDataColumnNames.CompositeIdentifierSeparatorPattern, typeof(string)),
            (DbMetaDataColumnNames.DataSourceProductName, typeof(string)),
            (DbMetaDataColumnNames.DataSourceProductVersion, typeof(string)),
            (DbMetaDataColumnNames.DataSourceProductVersionNormalized, typeof(string)),
            (DbMetaDataColumnNames.GroupByBehavior, typeof(GroupByBehavior)),
            (DbMetaDataColumnNames.IdentifierPattern, typeof(string)),
            (DbMetaDataColumnNames.IdentifierCase, typeof(IdentifierCase)),
            (DbMetaDataColumnNames.OrderByColumnsInSelect, typeof(bool)),
            (DbMetaDataColumnNames.ParameterMarkerFormat, typeof(string)),
            (DbMetaDataColumnNames.ParameterMarkerPattern, typeof(string)),
            (DbMetaDataColumnNames.ParameterNameMaxLength, typeof(int)),
            (DbMetaDataColumnNames.ParameterNamePattern, typeof(string)),
            (DbMetaDataColumnNames.QuotedIdentifierPattern, typeof(string)),
            (DbMetaDataColumnNames.QuotedIdentifierCase, typeof(IdentifierCase)),
            (DbMetaDataColumnNames.StatementSeparatorPattern, typeof(string)),
            (DbMetaDataColumnNames.StringLiteralPattern, typeof(string)),
            (DbMetaDataColumnNames.SupportedJoinOperators, typeof(SupportedJoinOperators)));
        var open = connection.State == ConnectionState.Open;
        var product = connection.Dialect switch
        {
            PrestoDialect.Trino => "Trino",
            PrestoDialect.Presto => "Presto",
            _ => "Presto/Trino",
        };
        var version = open ? connection.ServerVersion : string.Empty;
        table.Rows.Add(
            @"\.",
            product,
            version,
            version,
            GroupByBehavior.Unrelated,
            "^[A-Za-z_][A-Za-z0-9_]*$",
            IdentifierCase.Insensitive,
            false,
            "@{0}",
            "@([A-Za-z_][A-Za-z0-9_]*)",
            128,
            "^[A-Za-z_][A-Za-z0-9_]*$",
            "\"(([^\"]|\"\")*)\"",
            IdentifierCase.Insensitive,
            ";",
            "'(([^']|'')*)'",
            SupportedJoinOperators.Inner | SupportedJoinOperators.LeftOuter | SupportedJoinOperators.RightOuter | SupportedJoinOperators.FullOuter);
        return table;
    }

    private static DataTable BuildDataTypes()
    {
        var table = NewTable(
            DataTypes,
            (DbMetaDataColumnNames.TypeName, typeof(string)),
            (DbMetaDataColumnNames.ProviderDbType, typeof(int)),
            (DbMetaDataColumnNames.ColumnSize, typeof(long)),
            (DbMetaDataColumnNames.CreateFormat, typeof(string)),
            (DbMetaDataColumnNames.CreateParameters, typeof(string)),
            (DbMetaDataColumnNames.DataType, typeof(string)),
            (DbMetaDataColumnNames.IsAutoIncrementable, typeof(bool)),
            (DbMetaDataColumnNames.IsBestMatch, typeof(bool)),
            (DbMetaDataColumnNames.IsCaseSensitive, typeof(bool)),
            (DbMetaDataColumnNames.IsFixedLength, typeof(bool)),
            (DbMetaDataColumnNames.IsFixedPrecisionScale, typeof(bool)),
            (DbMetaDataColumnNames.IsLong, typeof(bool)),
            (DbMetaDataColumnNames.IsNullable, typeof(bool)),
            (DbMetaDataColumnNames.IsSearchable, typeof(bool)),
            (DbMetaDataColumnNames.IsSearchableWithLike, typeof(bool)),
            (DbMetaDataColumnNames.IsUnsigned, typeof(bool)),
            (DbMetaDataColumnNames.MaximumScale, typeof(short)),
            (DbMetaDataColumnNames.MinimumScale, typeof(short)),
            (DbMetaDataColumnNames.IsConcurrencyType, typeof(bool)),
            (DbMetaDataColumnNames.IsLiteralSupported, typeof(bool)),
            (DbMetaDataColumnNames.LiteralPrefix, typeof(string)),
            (DbMetaDataColumnNames.LiteralSuffix, typeof(string)));
        var seen = new HashSet<Type>();
        foreach (var t in s_types)
        {
            // The CLR type is the one the reader returns (GetFieldType), so this table cannot drift from type-mapping.md.
            var clrType = DecoderRegistry.Create(TypeTextParser.Parse(t.Sample)).FieldType;
            var numeric = t.DbType is DbType.SByte or DbType.Int16 or DbType.Int32 or DbType.Int64 or DbType.Single or DbType.Double or DbType.Decimal;
            table.Rows.Add(
                t.Name,
                (int)t.DbType,
                t.Size,
                (object?)t.Format ?? DBNull.Value,
                (object?)t.Parameters ?? DBNull.Value,
                clrType.FullName,
                false,
                seen.Add(clrType),
                t.DbType is DbType.String or DbType.StringFixedLength,
                t.Fixed,
                t.Name == "decimal",
                t.Size == int.MaxValue,
                true,
                t.Format is null || !t.Format.StartsWith("array", StringComparison.Ordinal) && !t.Format.StartsWith("map", StringComparison.Ordinal) && !t.Format.StartsWith("row", StringComparison.Ordinal),
                t.Like,
                !numeric ? DBNull.Value : false,
                t.Name == "decimal" ? (short)38 : (object)DBNull.Value,
                t.Name == "decimal" ? (short)0 : (object)DBNull.Value,
                false,
                t.Prefix is not null,
                (object?)t.Prefix ?? DBNull.Value,
                t.Prefix is null ? DBNull.Value : "'");
        }

        return table;
    }
}
