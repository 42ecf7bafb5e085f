namespace Presto;

/// <summary>
/// Whether a statement only reads. Decided by a lexer over the SQL text that skips comments and parentheses:
/// <c>SELECT</c>, <c>WITH … SELECT</c>, <c>VALUES</c>, <c>TABLE</c>, <c>SHOW</c>, <c>DESCRIBE</c> and <c>EXPLAIN</c>
/// (without <c>ANALYZE</c> of a write) are read-only; anything else counts as a write.
/// </summary>
public enum PrestoStatementKind
{
    /// <summary>The statement only reads; running it twice has no effect beyond the result.</summary>
    ReadOnly,

    /// <summary>The statement may change data, metadata or session state (DML, DDL, <c>CALL</c>, <c>SET</c>, <c>EXECUTE</c>…).</summary>
    Write,
}
