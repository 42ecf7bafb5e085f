using Microsoft.EntityFrameworkCore.Infrastructure;
using Presto.EntityFrameworkCore.Infrastructure;

namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// Presto/Trino-specific options of a context, the argument of the action given to <c>UsePresto</c>
/// (command timeout, <c>MaxBatchSize</c> = rows per <c>INSERT … VALUES</c>, query splitting and the other relational options).
/// </summary>
public class PrestoDbContextOptionsBuilder : RelationalDbContextOptionsBuilder<PrestoDbContextOptionsBuilder, PrestoOptionsExtension>
{
    /// <summary>Creates the builder over <paramref name="optionsBuilder"/>.</summary>
    /// <param name="optionsBuilder">The core options builder.</param>
    public PrestoDbContextOptionsBuilder(DbContextOptionsBuilder optionsBuilder)
        : base(optionsBuilder)
    {
    }
}
