using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace Presto.EntityFrameworkCore.Query;

/// <summary>
/// Buffers split queries: a <see cref="PrestoConnection"/> has one open reader at a time (no multiple active result
/// sets), so the results of the main query are read to the end before the query of an included collection starts,
/// which is how EF runs split queries for SQL Server without MARS.
/// </summary>
#pragma warning disable EF9100 // The constructor with the precompilation flag is marked experimental; EF's factory uses it.
internal sealed class PrestoQueryCompilationContext(
    QueryCompilationContextDependencies dependencies,
    RelationalQueryCompilationContextDependencies relationalDependencies,
    bool async,
    bool precompiling)
    : RelationalQueryCompilationContext(dependencies, relationalDependencies, async, precompiling)
{
    public override bool IsBuffering => base.IsBuffering || QuerySplittingBehavior == Microsoft.EntityFrameworkCore.QuerySplittingBehavior.SplitQuery;
}
#pragma warning restore EF9100

/// <summary>Creates <see cref="PrestoQueryCompilationContext"/>s.</summary>
internal sealed class PrestoQueryCompilationContextFactory(
    QueryCompilationContextDependencies dependencies,
    RelationalQueryCompilationContextDependencies relationalDependencies)
    : IQueryCompilationContextFactory
{
    public QueryCompilationContext Create(bool async) =>
        new PrestoQueryCompilationContext(dependencies, relationalDependencies, async, precompiling: false);

    public QueryCompilationContext CreatePrecompiled(bool async) =>
        new PrestoQueryCompilationContext(dependencies, relationalDependencies, async, precompiling: true);
}
