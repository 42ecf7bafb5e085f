using System;
using Presto.Protocol;

namespace Presto;

/// <summary>Schema of one result column (see <see cref="PrestoDataReader.GetColumnSchema"/>).</summary>
public sealed class PrestoDbColumn : System.Data.Common.DbColumn
{
    internal PrestoDbColumn(ResultColumn column)
    {
        ColumnName = column.Name;
        ColumnOrdinal = column.Ordinal;
        DataTypeName = column.TypeName;
        DataType = column.Decoder.FieldType;
        ProviderSpecificDataType = column.Decoder.ExactType;
        AllowDBNull = true;
        IsReadOnly = true;
        IsAliased = false;
        IsExpression = false;
        IsKey = false;
        IsUnique = false;
        IsLong = false;
        IsAutoIncrement = false;
        var signature = column.Signature;
        switch (signature.RawType)
        {
            case "decimal":
                NumericPrecision = (int)signature.GetLong(0, 38);
                NumericScale = (int)signature.GetLong(1, 0);
                break;
            case "varchar":
            case "char":
            case "varbinary":
                var length = signature.GetLong(0, int.MaxValue);
                ColumnSize = length >= int.MaxValue ? int.MaxValue : (int)length;
                IsLong = length >= int.MaxValue;
                break;
            case "time":
            case "timestamp":
            case "time with time zone":
            case "timestamp with time zone":
                NumericScale = (int)signature.GetLong(0, 3);
                break;
        }

        ProviderType = signature.RawType;
    }

    /// <summary>The CLR type of the lossless value (a <c>Presto*</c> type where the natural type can lose information).</summary>
    public Type ProviderSpecificDataType { get; }

    /// <summary>The base Presto type name (<c>decimal</c>, <c>varchar</c>, <c>array</c>…).</summary>
    public string ProviderType { get; }
}
