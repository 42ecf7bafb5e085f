using System.Collections.Generic;

namespace Presto.Protocol;

/// <summary>One statement of a command, ready to submit: its text and, when it has parameters, the prepared statement for its header.</summary>
/// <param name="Sql">The text to POST (an <c>EXECUTE … USING …</c> when parameters are bound).</param>
/// <param name="Prepared">Name and text of the per-request prepared statement, or <see langword="null"/>.</param>
internal sealed record StatementPlan(string Sql, KeyValuePair<string, string>? Prepared);
