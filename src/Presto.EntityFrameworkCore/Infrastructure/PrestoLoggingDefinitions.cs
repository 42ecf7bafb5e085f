using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Presto.EntityFrameworkCore.Infrastructure;

/// <summary>The provider's cached log definitions (it defines no events of its own).</summary>
internal sealed class PrestoLoggingDefinitions : RelationalLoggingDefinitions
{
}
