using System.Data;
using System.Threading;
#if NET6_0_OR_GREATER
using System.Threading.Tasks;
#endif

namespace Presto;

// GetSchema lives in its own part of PrestoConnection: the collections are built in SchemaCollections.
public sealed partial class PrestoConnection
{
    /// <summary>Returns the <c>MetaDataCollections</c> collection: the names of every collection <see cref="GetSchema(string, string[])"/> knows.</summary>
    public override DataTable GetSchema() => GetSchema(SchemaCollections.MetaDataCollections);

    /// <summary>Returns a schema collection without restrictions (see <see cref="GetSchema(string, string[])"/>).</summary>
    public override DataTable GetSchema(string collectionName) => GetSchema(collectionName, null);

    /// <summary>
    /// Returns a schema collection: <c>MetaDataCollections</c>, <c>DataSourceInformation</c>, <c>DataTypes</c> and
    /// <c>Restrictions</c> are built locally; <c>Catalogs</c> (restriction: catalog), <c>Schemas</c> (catalog, schema),
    /// <c>Tables</c> (catalog, schema, table, table type) and <c>Columns</c> (catalog, schema, table, column) are read with
    /// <c>SHOW CATALOGS</c> and each catalog's <c>information_schema</c>. A null restriction matches everything; restriction
    /// values are sent as parameters, never pasted into the SQL.
    /// </summary>
    /// <exception cref="System.ArgumentException">Unknown collection, or more restrictions than the collection has.</exception>
    public override DataTable GetSchema(string collectionName, string?[]? restrictionValues) =>
        SchemaCollections.GetAsync(this, collectionName, restrictionValues, async: false, CancellationToken.None).GetAwaiter().GetResult();

#if NET6_0_OR_GREATER
    /// <inheritdoc cref="GetSchema()" />
    public override Task<DataTable> GetSchemaAsync(CancellationToken cancellationToken = default) =>
        GetSchemaAsync(SchemaCollections.MetaDataCollections, null, cancellationToken);

    /// <inheritdoc cref="GetSchema(string)" />
    public override Task<DataTable> GetSchemaAsync(string collectionName, CancellationToken cancellationToken = default) =>
        GetSchemaAsync(collectionName, null, cancellationToken);

    /// <inheritdoc cref="GetSchema(string, string[])" />
    public override Task<DataTable> GetSchemaAsync(string collectionName, string?[]? restrictionValues, CancellationToken cancellationToken = default) =>
        SchemaCollections.GetAsync(this, collectionName, restrictionValues, async: true, cancellationToken).AsTask();
#endif
}
