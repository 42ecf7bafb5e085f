using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Presto.EntityFrameworkCore.Migrations;

/// <summary>Presto has no migrations support: every use of the history table raises <see cref="NotSupportedException"/>.</summary>
internal sealed class PrestoHistoryRepository(HistoryRepositoryDependencies dependencies) : HistoryRepository(dependencies)
{
    public override LockReleaseBehavior LockReleaseBehavior => LockReleaseBehavior.Explicit;

    protected override string ExistsSql => throw NotSupported();

    public override bool Exists() => throw NotSupported();

    public override Task<bool> ExistsAsync(CancellationToken cancellationToken = default) => throw NotSupported();

    public override IMigrationsDatabaseLock AcquireDatabaseLock() => throw NotSupported();

    public override Task<IMigrationsDatabaseLock> AcquireDatabaseLockAsync(CancellationToken cancellationToken = default) => throw NotSupported();

    public override string GetCreateIfNotExistsScript() => throw NotSupported();

    public override string GetBeginIfNotExistsScript(string migrationId) => throw NotSupported();

    public override string GetBeginIfExistsScript(string migrationId) => throw NotSupported();

    public override string GetEndIfScript() => throw NotSupported();

    protected override bool InterpretExistsResult(object? value) => throw NotSupported();

    internal static NotSupportedException NotSupported() =>
        new("Presto does not support EF Core migrations (no transactional DDL, no migrations history table). "
            + "Use Database.EnsureCreated() for tables in a writable catalog such as memory, or manage the schema outside EF.");
}
