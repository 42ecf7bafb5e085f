using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Presto.EntityFrameworkCore.Infrastructure;

/// <summary>
/// The Presto provider's options in <c>DbContextOptions</c>: the relational options plus an optional
/// <see cref="PrestoDataSource"/>. Configured through <c>UsePresto</c>; applications do not use it directly.
/// </summary>
public class PrestoOptionsExtension : RelationalOptionsExtension
{
    private DbContextOptionsExtensionInfo? _info;

    /// <summary>Creates empty options.</summary>
    public PrestoOptionsExtension()
    {
    }

    /// <summary>Copies <paramref name="copyFrom"/>.</summary>
    /// <param name="copyFrom">The options to copy.</param>
    protected PrestoOptionsExtension(PrestoOptionsExtension copyFrom)
        : base(copyFrom)
    {
        DataSource = copyFrom.DataSource;
    }

    /// <summary>The data source connections are opened from, if one was given.</summary>
    public virtual PrestoDataSource? DataSource { get; private set; }

    /// <inheritdoc />
    public override DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

    /// <summary>A copy of these options that opens connections from <paramref name="dataSource"/>.</summary>
    /// <param name="dataSource">The data source.</param>
    /// <returns>The new options.</returns>
    public virtual PrestoOptionsExtension WithDataSource(PrestoDataSource? dataSource)
    {
        var clone = (PrestoOptionsExtension)Clone();
        clone.DataSource = dataSource;
        return clone;
    }

    /// <inheritdoc />
    protected override RelationalOptionsExtension Clone() => new PrestoOptionsExtension(this);

    /// <inheritdoc />
    public override void ApplyServices(IServiceCollection services) => services.AddEntityFrameworkPresto();

    private sealed class ExtensionInfo(IDbContextOptionsExtension extension) : RelationalExtensionInfo(extension)
    {
        private new PrestoOptionsExtension Extension => (PrestoOptionsExtension)base.Extension;

        public override bool IsDatabaseProvider => true;

        public override int GetServiceProviderHashCode() => base.GetServiceProviderHashCode();

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) =>
            debugInfo["Presto:" + nameof(DataSource)] = Extension.DataSource is null ? "0" : "1";
    }
}
