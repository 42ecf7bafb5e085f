using Microsoft.EntityFrameworkCore.Query;

namespace Presto.EntityFrameworkCore.Query;

/// <summary>The method translators: EF's relational ones plus Presto's string, math, date/time and EF.Functions.</summary>
internal sealed class PrestoMethodCallTranslatorProvider : RelationalMethodCallTranslatorProvider
{
    public PrestoMethodCallTranslatorProvider(RelationalMethodCallTranslatorProviderDependencies dependencies)
        : base(dependencies)
    {
        var sql = dependencies.SqlExpressionFactory;
        AddTranslators(
        [
            new PrestoStringTranslator(sql),
            new PrestoMathTranslator(sql),
            new PrestoDateTimeTranslator(sql, dependencies.RelationalTypeMappingSource),
            new PrestoFunctionsTranslator(sql),
        ]);
    }
}

/// <summary>The member translators: string <c>Length</c> and date/time parts.</summary>
internal sealed class PrestoMemberTranslatorProvider : RelationalMemberTranslatorProvider
{
    public PrestoMemberTranslatorProvider(RelationalMemberTranslatorProviderDependencies dependencies, RelationalMethodCallTranslatorProviderDependencies methodDependencies)
        : base(dependencies)
    {
        var sql = dependencies.SqlExpressionFactory;
        AddTranslators([new PrestoStringTranslator(sql), new PrestoDateTimeTranslator(sql, methodDependencies.RelationalTypeMappingSource)]);
    }
}

/// <summary>The aggregate translators: EF's (count, sum, avg, min, max) plus <c>approx_distinct</c>.</summary>
internal sealed class PrestoAggregateMethodCallTranslatorProvider : RelationalAggregateMethodCallTranslatorProvider
{
    public PrestoAggregateMethodCallTranslatorProvider(RelationalAggregateMethodCallTranslatorProviderDependencies dependencies)
        : base(dependencies) =>
        AddTranslators([new PrestoAggregateFunctionsTranslator(dependencies.SqlExpressionFactory)]);
}
