using System;
using System.Collections.Generic;
using System.Data;
using System.Data.Common;

namespace Presto;

/// <summary>Builds the classic <see cref="DbDataReader.GetSchemaTable"/> table from column schemas.</summary>
internal static class SchemaTable
{
    public static DataTable Create(IReadOnlyList<DbColumn> columns)
    {
        var table = new DataTable("SchemaTable") { Locale = System.Globalization.CultureInfo.InvariantCulture };
        var name = table.Columns.Add(SchemaTableColumn.ColumnName, typeof(string));
        var ordinal = table.Columns.Add(SchemaTableColumn.ColumnOrdinal, typeof(int));
        var size = table.Columns.Add(SchemaTableColumn.ColumnSize, typeof(int));
        var precision = table.Columns.Add(SchemaTableColumn.NumericPrecision, typeof(int));
        var scale = table.Columns.Add(SchemaTableColumn.NumericScale, typeof(int));
        var dataType = table.Columns.Add(SchemaTableColumn.DataType, typeof(Type));
        var providerType = table.Columns.Add(SchemaTableColumn.ProviderType, typeof(string));
        var dataTypeName = table.Columns.Add("DataTypeName", typeof(string));
        var allowNull = table.Columns.Add(SchemaTableColumn.AllowDBNull, typeof(bool));
        var isLong = table.Columns.Add(SchemaTableColumn.IsLong, typeof(bool));
        var isKey = table.Columns.Add(SchemaTableColumn.IsKey, typeof(bool));
        var isUnique = table.Columns.Add(SchemaTableColumn.IsUnique, typeof(bool));
        var isAliased = table.Columns.Add(SchemaTableColumn.IsAliased, typeof(bool));
        var isExpression = table.Columns.Add(SchemaTableColumn.IsExpression, typeof(bool));
        var readOnly = table.Columns.Add(SchemaTableOptionalColumn.IsReadOnly, typeof(bool));
        var autoIncrement = table.Columns.Add(SchemaTableOptionalColumn.IsAutoIncrement, typeof(bool));
        var baseColumn = table.Columns.Add(SchemaTableColumn.BaseColumnName, typeof(string));
        foreach (var column in columns)
        {
            var row = table.NewRow();
            row[name] = column.ColumnName;
            row[ordinal] = column.ColumnOrdinal ?? 0;
            row[size] = column.ColumnSize ?? -1;
            row[precision] = (object?)column.NumericPrecision ?? DBNull.Value;
            row[scale] = (object?)column.NumericScale ?? DBNull.Value;
            row[dataType] = column.DataType;
            row[providerType] = column is PrestoDbColumn p ? p.ProviderType : column.DataTypeName;
            row[dataTypeName] = column.DataTypeName;
            row[allowNull] = column.AllowDBNull ?? true;
            row[isLong] = column.IsLong ?? false;
            row[isKey] = column.IsKey ?? false;
            row[isUnique] = column.IsUnique ?? false;
            row[isAliased] = column.IsAliased ?? false;
            row[isExpression] = column.IsExpression ?? false;
            row[readOnly] = column.IsReadOnly ?? true;
            row[autoIncrement] = column.IsAutoIncrement ?? false;
            row[baseColumn] = column.ColumnName;
            table.Rows.Add(row);
        }

        return table;
    }
}
