using System;

namespace Presto.Testing.Execution;

/// <summary>
/// Raised by the SQL engine or a script to fail a query the way a coordinator does: the server turns it into a
/// <c>QueryError</c> (name, code and type per dialect, message, location, failureInfo) on a 200 response.
/// </summary>
internal sealed class QueryFailureException : Exception
{
    public QueryFailureException(string errorName, string message, int? lineNumber = null, int? columnNumber = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorName = errorName;
        LineNumber = lineNumber;
        ColumnNumber = columnNumber;
    }

    /// <summary>Standard error name, e.g. <c>SYNTAX_ERROR</c>, <c>TABLE_NOT_FOUND</c>, <c>NOT_SUPPORTED</c>.</summary>
    public string ErrorName { get; }

    /// <summary>1-based line of the error location, when the error has one.</summary>
    public int? LineNumber { get; }

    /// <summary>1-based column of the error location, when the error has one.</summary>
    public int? ColumnNumber { get; }
}
