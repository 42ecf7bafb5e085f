using System.Data.Common;

namespace Presto;

/// <summary>
/// Creates Presto.Client's ADO.NET objects; register it for provider-agnostic code with
/// <c>DbProviderFactories.RegisterFactory("Presto.Client", PrestoProviderFactory.Instance)</c>.
/// </summary>
public sealed class PrestoProviderFactory : DbProviderFactory
{
    /// <summary>The invariant name to register the factory under.</summary>
    public const string InvariantName = "Presto.Client";

    /// <summary>The one instance (<c>DbProviderFactories</c> looks for this field).</summary>
    public static readonly PrestoProviderFactory Instance = new();

    private PrestoProviderFactory()
    {
    }

    /// <summary>No data-source enumerator exists for Presto.</summary>
    public override bool CanCreateDataSourceEnumerator => false;

#if NET6_0_OR_GREATER
    /// <summary>Batches run their commands one after another on one connection (see <see cref="PrestoBatch"/>).</summary>
    public override bool CanCreateBatch => true;

    /// <summary>Creates a <see cref="PrestoBatch"/>.</summary>
    public override DbBatch CreateBatch() => new PrestoBatch();

    /// <summary>Creates a <see cref="PrestoBatchCommand"/>.</summary>
    public override DbBatchCommand CreateBatchCommand() => new PrestoBatchCommand();
#endif

    /// <summary>Creates a closed <see cref="PrestoConnection"/>.</summary>
    public override DbConnection CreateConnection() => new PrestoConnection();

    /// <summary>Creates a <see cref="PrestoCommand"/>.</summary>
    public override DbCommand CreateCommand() => new PrestoCommand();

    /// <summary>Creates a <see cref="PrestoParameter"/>.</summary>
    public override DbParameter CreateParameter() => new PrestoParameter();

    /// <summary>Creates a <see cref="PrestoConnectionStringBuilder"/>.</summary>
    public override DbConnectionStringBuilder CreateConnectionStringBuilder() => new PrestoConnectionStringBuilder();

#if NET7_0_OR_GREATER
    /// <summary>Creates a <see cref="PrestoDataSource"/> with default options.</summary>
    public override DbDataSource CreateDataSource(string connectionString) => PrestoDataSource.Create(connectionString);
#endif
}
