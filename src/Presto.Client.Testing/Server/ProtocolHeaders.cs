namespace Presto.Testing.Server;

/// <summary>Header names of one protocol prefix (<c>X-Trino-</c> or <c>X-Presto-</c>).</summary>
internal sealed class ProtocolHeaders
{
    public static readonly ProtocolHeaders Trino = new("Trino");
    public static readonly ProtocolHeaders Presto = new("Presto");

    private ProtocolHeaders(string name)
    {
        Name = name;
        Prefix = "X-" + name + "-";
    }

    public string Name { get; }

    public string Prefix { get; }

    public string this[string suffix] => Prefix + suffix;

    public static ProtocolHeaders For(ServerDialect dialect) => dialect == ServerDialect.Trino ? Trino : Presto;
}
