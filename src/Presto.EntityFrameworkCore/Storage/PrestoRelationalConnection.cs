using System;
using System.Data.Common;
using System.Transactions;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Presto.EntityFrameworkCore.Infrastructure;

namespace Presto.EntityFrameworkCore.Storage;

/// <summary>
/// The context's connection: a <see cref="PrestoConnection"/> from the configured data source, connection string or
/// connection. Retry and routing happen inside it, per statement.
/// </summary>
internal sealed class PrestoRelationalConnection : RelationalConnection
{
    private readonly PrestoDataSource? _dataSource;

    public PrestoRelationalConnection(RelationalConnectionDependencies dependencies)
        : base(dependencies)
    {
        var extension = dependencies.ContextOptions.FindExtension<PrestoOptionsExtension>()
            ?? throw new InvalidOperationException("The context is not configured with UsePresto.");
        _dataSource = extension.DataSource;
        if (_dataSource is not null && extension.Connection is null && extension.ConnectionString is null)
        {
            ConnectionString = _dataSource.ConnectionString;
        }
    }

    /// <summary>Presto has no distributed transactions: an ambient <see cref="Transaction"/> cannot be joined.</summary>
    protected override bool SupportsAmbientTransactions => false;

    protected override DbConnection CreateDbConnection() =>
        _dataSource is not null ? _dataSource.CreateConnection() : new PrestoConnection(GetValidatedConnectionString());

    public override void EnlistTransaction(Transaction? transaction)
    {
        if (transaction is not null)
        {
            throw new NotSupportedException("Presto does not support distributed (System.Transactions) transactions; use Database.BeginTransaction instead.");
        }
    }
}
