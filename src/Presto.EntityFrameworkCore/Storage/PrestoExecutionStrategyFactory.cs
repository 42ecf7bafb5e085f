using Microsoft.EntityFrameworkCore.Storage;

namespace Presto.EntityFrameworkCore.Storage;

/// <summary>
/// The default execution strategy never retries: every statement is already retried by Presto.Client's retry policy
/// (failure classification, budget, routing to another cluster), so an EF retry loop on top would multiply attempts.
/// A strategy given with <c>ExecutionStrategy(...)</c> in <c>UsePresto</c> still wins.
/// </summary>
internal sealed class PrestoExecutionStrategyFactory(ExecutionStrategyDependencies dependencies)
    : RelationalExecutionStrategyFactory(dependencies)
{
    protected override IExecutionStrategy CreateDefaultStrategy(ExecutionStrategyDependencies dependencies) =>
        new NonRetryingExecutionStrategy(dependencies);
}
