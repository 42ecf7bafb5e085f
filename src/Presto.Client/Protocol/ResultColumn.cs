using Presto.Types;

namespace Presto.Protocol;

/// <summary>One output column: its name, the server's display type, the parsed signature and the decoder.</summary>
internal sealed class ResultColumn
{
    public ResultColumn(int ordinal, string name, string typeName, TypeSignature signature, ColumnDecoder decoder)
    {
        Ordinal = ordinal;
        Name = name;
        TypeName = typeName;
        Signature = signature;
        Decoder = decoder;
    }

    public int Ordinal { get; }

    public string Name { get; }

    /// <summary>The server's type text (<c>decimal(10, 6)</c>, <c>varchar(3)</c>), used for display.</summary>
    public string TypeName { get; }

    public TypeSignature Signature { get; }

    public ColumnDecoder Decoder { get; }
}
