using Presto.Testing;
using Presto.Tests.Support;

namespace Presto.Tests.Sql;

/// <summary>How placeholders are found and rewritten, observed through the statement the server receives.</summary>
public sealed class PlaceholderScanTests
{
    [Theory]
    [InlineData("SELECT @p", "SELECT ?")]
    [InlineData("SELECT :p", "SELECT ?")]
    [InlineData("SELECT @p,:p,@P", "SELECT ?,?,?")]
    [InlineData("SELECT f(@p)+@p_2", "SELECT f(?)+?")]
    [InlineData("SELECT '@p' || @p", "SELECT '@p' || ?")]
    [InlineData("SELECT 'it''s @p' || @p", "SELECT 'it''s @p' || ?")]
    [InlineData("SELECT X'0A' || U&'@p' || @p", "SELECT X'0A' || U&'@p' || ?")]
    [InlineData("SELECT \"@p\"\"?\" FROM t WHERE c = @p", "SELECT \"@p\"\"?\" FROM t WHERE c = ?")]
    [InlineData("SELECT @p -- @p ?\nFROM t", "SELECT ? -- @p ?\nFROM t")]
    [InlineData("SELECT @p /* @p\n ? :p */ FROM t", "SELECT ? /* @p\n ? :p */ FROM t")]
    [InlineData("SELECT @@p, a@p, b:p, 1::p, 3:p, @p", "SELECT @@p, a@p, b:p, 1::p, 3:p, ?")]
    [InlineData("SELECT (@p)", "SELECT (?)")]
    [InlineData("SELECT ?, ?", "SELECT ?, ?")]
    [InlineData("SELECT '?' , ?", "SELECT '?' , ?")]
    [InlineData("SELECT 'unterminated @p", null)]
    [InlineData("SELECT 1 /* unterminated @p", null)]
    public async Task The_statement_sent_has_placeholders_replaced_only_outside_literals_identifiers_and_comments(string sql, string? expected)
    {
        await using var server = await TestServers.StartAsync();
        await using var connection = new PrestoConnection(TestServers.ConnectionString(server));
        await connection.OpenAsync();
        await using var command = new PrestoCommand(sql, connection);
        command.Parameters.AddWithValue("p", 1);
        command.Parameters.AddWithValue("p_2", 2);
        if (sql.Contains("?, ?", StringComparison.Ordinal) || sql.EndsWith(", ?", StringComparison.Ordinal))
        {
            command.Parameters.Clear();
            command.Parameters.Add(new PrestoParameter { Value = 1 });
            command.Parameters.Add(new PrestoParameter { Value = 2 });
        }

        try
        {
            await using var reader = await command.ExecuteReaderAsync();
        }
        catch (PrestoQueryException)
        {
            // Most of these statements mean nothing to the engine; what was sent is what matters.
        }

        var request = server.Submissions[^1];
        if (expected is null)
        {
            // No placeholder outside the literal or comment: the text is sent unchanged.
            Assert.Equal(sql, request.Body);
            Assert.False(request.Headers.ContainsKey("X-Trino-Prepared-Statement"));
            return;
        }

        string header = Assert.Single(request.Headers["X-Trino-Prepared-Statement"]);
        Assert.Equal(expected, Uri.UnescapeDataString(header[(header.IndexOf('=', StringComparison.Ordinal) + 1)..]));
        Assert.StartsWith("EXECUTE presto_client_stmt_", request.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT 1", new[] { "SELECT 1" })]
    [InlineData("SELECT 1;", new[] { "SELECT 1" })]
    [InlineData(" SELECT 1 ; SELECT 2 ;; ", new[] { "SELECT 1", "SELECT 2" })]
    [InlineData("SELECT ';'; SELECT \"x;y\"", new[] { "SELECT ';'", "SELECT \"x;y\"" })]
    [InlineData("SELECT 1 -- a; b\n; /* c; */ SELECT 2", new[] { "SELECT 1 -- a; b", "/* c; */ SELECT 2" })]
    [InlineData("SELECT 1; -- done", new[] { "SELECT 1" })]
    [InlineData("CREATE FUNCTION f() RETURNS int BEGIN DECLARE x int; RETURN 1; END;", new[] { "CREATE FUNCTION f() RETURNS int BEGIN DECLARE x int; RETURN 1; END" })]
    [InlineData("SELECT begin_date FROM t; SELECT 2", new[] { "SELECT begin_date FROM t", "SELECT 2" })]
    public void Statements_split_only_at_top_level_semicolons(string sql, string[] expected) =>
        Assert.Equal(expected, Presto.Sql.SqlParameterScanner.SplitStatements(sql));
}
