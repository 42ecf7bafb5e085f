using Presto.Testing;

namespace Presto.ReliabilityTests;

/// <summary>One malformed or adversarial server behaviour and what the client must make of it.</summary>
/// <param name="Name">Theory case name.</param>
/// <param name="Arrange">Sets up the server (faults, scripts); the statement run is <see cref="HostileCorpus.Sql"/>.</param>
/// <param name="Expected">The exact <see cref="PrestoException"/> subclass thrown.</param>
/// <param name="Fragment">Text the message must contain (the clear part of the message).</param>
/// <param name="TimeBound">Ended by a timeout rather than by a size: its allocations grow with time (polls), not with a body.</param>
internal sealed record HostileCase(string Name, Action<PrestoTestServer> Arrange, Type Expected, string Fragment, bool TimeBound = false)
{
    public override string ToString() => Name;
}

/// <summary>
/// The hostile-server corpus: broken, gigantic, slow, looping, mislabelled and misleading answers to the submission
/// (POST), to a poll (GET), and rows of a real query with values that are not what their column says. Every body is
/// generated while it is sent, so the 1 GB ones cost the server nothing.
/// </summary>
internal static class HostileCorpus
{
    public const string Sql = "SELECT hostile";

    /// <summary>The response size cap the corpus runs with.</summary>
    public const int Cap = 1024 * 1024;

    private const long OneGigabyte = 1L << 30;
    private const string Id = "20261121_000000_00000_hostl";
    private const string Next = "{base}/v1/statement/executing/" + Id + "/y{hit}/{hit}";
    private const string Padding = "{\"id\":\"x\",\"extra\":\"";
    private const string Column = """{"name":"c","type":"bigint"}""";

    private static readonly ResultColumn[] Bigint = [new("c", "bigint")];

    public static IReadOnlyList<HostileCase> All { get; } = Build();

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in All)
        {
            data.Add(c.Name);
        }

        return data;
    }

    public static HostileCase Get(string name) => All.Single(c => c.Name == name);

    private static List<HostileCase> Build()
    {
        var p = typeof(PrestoProtocolException);
        var e = typeof(PrestoException);
        var q = typeof(PrestoQueryException);
        var a = typeof(PrestoAuthenticationException);
        const string invalidJson = "not valid QueryResults JSON";
        const string tooLarge = "larger than MaxResponseBytes";
        const string timedOut = "timed out";
        var cases = new List<HostileCase>
        {
            // Bodies cut short, empty or not JSON.
            Post("truncated submission", Text("""{"id":"x","nextUri":"{base}/v1/statement/queued/x/y/1","stats":{"sta"""), p, invalidJson),
            Http("truncated page", new HttpFault { On = RequestKind.Get, Kind = HttpFaultKind.TruncatedBody, Times = -1 }, p, invalidJson),
            Http("connection cut mid-body every time", new HttpFault { On = RequestKind.Post, Kind = HttpFaultKind.AbortMidBody, Times = -1 }, e, timedOut),
            Http("empty 200 every time", new HttpFault { On = RequestKind.Post, Kind = HttpFaultKind.EmptyBody, Times = -1 }, e, timedOut),
            Http("HTML proxy page", new HttpFault { On = RequestKind.Post, Kind = HttpFaultKind.NonJsonBody }, p, invalidJson),
            Post("Content-Length longer than the body", new HostileResponse { Body = HostileBody.Text(Submitted("QUEUED")), ContentLength = 5000 }, e, timedOut),
            Post("Content-Length of 1 GB", new HostileResponse { Body = HostileBody.Text("{}"), ContentLength = OneGigabyte }, p, tooLarge),
            Post("trailing garbage", Text(Submitted("QUEUED") + " <html>"), p, invalidJson),
            Post("two documents", Text(Submitted("QUEUED") + Submitted("QUEUED")), p, invalidJson),
            Post("byte-order mark and NUL bytes", new HostileResponse { Body = HostileBody.Bytes(new byte[] { 0xEF, 0xBB, 0xBF, 0, 0, (byte)'{', (byte)'}' }) }, p, invalidJson),

            // Valid JSON of the wrong shape or types.
            Post("root is an array", Text("[]"), p, invalidJson),
            Post("root is a string", Text("\"hello\""), p, invalidJson),
            Post("root is a number", Text("42"), p, invalidJson),
            Post("root is null", Text("null"), p, invalidJson),
            Post("id is a number", Text("""{"id":123,"nextUri":"{base}/v1/statement/queued/x/y/1","stats":{"state":"QUEUED"}}"""), p, invalidJson),
            Post("nextUri is a number", Text("""{"id":"x","nextUri":17,"stats":{"state":"QUEUED"}}"""), p, invalidJson),
            Post("nextUri is an object", Text("""{"id":"x","nextUri":{"href":"{base}"},"stats":{"state":"QUEUED"}}"""), p, invalidJson),
            Post("nextUri is not a URI", Text("""{"id":"x","nextUri":"::not a uri::","stats":{"state":"QUEUED"}}"""), p, "nextUri"),
            Post("nextUri is ftp", Text("""{"id":"x","nextUri":"ftp://127.0.0.1/v1/statement/1","stats":{"state":"QUEUED"}}"""), p, "nextUri"),
            Post("nextUri is javascript", Text("""{"id":"x","nextUri":"javascript:alert(1)","stats":{"state":"QUEUED"}}"""), p, "nextUri"),
            Post("stats is a string", Text("""{"id":"x","nextUri":"{base}/v1/statement/queued/x/y/1","stats":"RUNNING"}"""), p, "HTTP 404"),
            Post("columns is an object", Text("""{"id":"x","columns":{"c":"bigint"},"stats":{"state":"RUNNING"}}"""), p, invalidJson),
            Post("column without a type", Text("""{"id":"x","columns":[{"name":"c"}],"data":[[1]],"stats":{"state":"FINISHED"}}"""), p, "type"),
            Post("data is an object", Text("""{"id":"x","columns":[""" + Column + """],"data":{"0":[1]},"stats":{"state":"FINISHED"}}"""), p, invalidJson),
            Post("rows are not arrays", Text("""{"id":"x","columns":[""" + Column + """],"data":[1,2,3],"stats":{"state":"FINISHED"}}"""), p, invalidJson),
            Post("row longer than the columns", Text("""{"id":"x","columns":[""" + Column + """],"data":[[1,2]],"stats":{"state":"FINISHED"}}"""), p, "column"),
            Post("data without columns", Text("""{"id":"x","data":[[1]],"stats":{"state":"FINISHED"}}"""), p, "columns"),
            Post("error is a string", Text("""{"id":"x","error":"boom","stats":{"state":"FAILED"}}"""), p, invalidJson),
            Post("error code is a string", Text("""{"id":"x","error":{"message":"m","errorCode":"one","errorName":"X","errorType":"USER_ERROR"},"stats":{"state":"FAILED"}}"""), q, "X: m"),
            Post("failed without an error", Text("""{"id":"x","stats":{"state":"FAILED"}}"""), p, "FAILED"),
            Post("update count is a string", Text("""{"id":"x","updateType":"INSERT","updateCount":"many","stats":{"state":"FINISHED"}}"""), p, invalidJson),

            // Values that are not what their column says (a real query's pages, verbatim).
            Rows("bigint column with text", """["abc"]""", p, "bigint"),
            Rows("bigint column with 1e400", "[1e400]", p, "bigint"),
            Rows("bigint column with a 400-digit number", "[" + new string('9', 400) + "]", p, "bigint"),
            Rows("bigint column with an array", "[[1,2]]", p, "bigint"),
            Rows("bigint column with an object", """[{"a":1}]""", p, "bigint"),
            Rows("double column with text", """["seven"]""", p, "double", new ResultColumn("c", "double")),
            Rows("decimal column with letters", """["12abc.25"]""", p, "decimal", new ResultColumn("c", "decimal(38,2)")),
            Rows("boolean column with yes", """["yes"]""", p, "boolean", new ResultColumn("c", "boolean")),
            Rows("date column with month 13", """["2024-13-45"]""", p, "date", new ResultColumn("c", "date")),
            Rows("timestamp column with prose", """["yesterday at noon"]""", p, "timestamp", new ResultColumn("c", "timestamp(3)")),
            Rows("array column with an object", """[{"a":1}]""", p, "array", new ResultColumn("c", "array(bigint)")),
            Rows("map column with an array", "[[1,2]]", p, "map", new ResultColumn("c", "map(varchar,bigint)")),
            Rows("row column of the wrong arity", "[[1]]", p, "row", new ResultColumn("c", "row(a bigint,b bigint)")),
            Rows("varchar column with a lone surrogate", """["\ud800"]""", p, "varchar", new ResultColumn("c", "varchar")),

            // Gigantic and deep.
            Post("1 GB page", new HostileResponse { Body = HostileBody.Repeat("""{"id":"x","columns":[""" + Column + """],"data":[""", "[1],", OneGigabyte / 4, "[1]]}") }, p, tooLarge),
            Post("1 GB chunked page", new HostileResponse { Body = HostileBody.Repeat("""{"id":"x","columns":[""" + Column + """],"data":[""", "[1],", OneGigabyte / 4, "[1]]}"), Chunked = true }, p, tooLarge),
            Post("10 MB string", new HostileResponse { Body = HostileBody.Repeat("{\"id\":\"x\",\"columns\":[{\"name\":\"c\",\"type\":\"varchar\"}],\"data\":[[\"", "a", 10_000_000, "\"]]}") }, p, tooLarge),
            Post("10 MB error message", new HostileResponse { Body = HostileBody.Repeat("{\"id\":\"x\",\"error\":{\"message\":\"", "boom ", 2_000_000, "\",\"errorCode\":1,\"errorName\":\"X\",\"errorType\":\"USER_ERROR\"},\"stats\":{\"state\":\"FAILED\"}}") }, p, tooLarge),
            Post("100 KB nextUri", new HostileResponse { Body = HostileBody.Repeat("{\"id\":\"x\",\"nextUri\":\"{base}/v1/statement/", "a", 100_000, "\",\"stats\":{\"state\":\"QUEUED\"}}") }, p, "HTTP 414"),
            Post("arrays nested 100,000 deep", new HostileResponse { Body = HostileBody.Repeat("""{"id":"x","columns":[""" + Column + """],"data":""", "[", 100_000, string.Empty) }, p, "maximum configured depth of 1024"),
            Post("objects nested 100,000 deep in an unknown field", new HostileResponse { Body = HostileBody.Repeat("""{"id":"x","extra":""", """{"a":""", 100_000, string.Empty) }, p, invalidJson),

            // Encodings.
            Post("invalid UTF-8 in a string", new HostileResponse { Body = HostileBody.Concat(HostileBody.Text("""{"id":"x","columns":[{"name":"c","type":"varchar"}],"data":[["a"""), HostileBody.Bytes(new byte[] { 0xC3, 0x28, 0xFF }), HostileBody.Text("""b"]],"stats":{"state":"FINISHED"}}""")) }, p, "invalid UTF-8"),
            Post("raw control characters in a string", Text("{\"id\":\"x\",\"columns\":[{\"name\":\"c\",\"type\":\"varchar\"}],\"data\":[[\"a\r\nb\"]],\"stats\":{\"state\":\"FINISHED\"}}"), p, "invalid within a JSON string"),
            Post("gzip bomb of 1 GB", new HostileResponse { Body = HostileBody.Compressed(HostileBody.Repeat(Padding, " ", OneGigabyte, "\"}")) }, p, tooLarge),
            Post("brotli bomb of 1 GB", new HostileResponse { Body = HostileBody.Compressed(HostileBody.Repeat(Padding, " ", OneGigabyte, "\"}"), "br") }, p, tooLarge),
            Post("deflate bomb of 1 GB", new HostileResponse { Body = HostileBody.Compressed(HostileBody.Repeat(Padding, " ", OneGigabyte, "\"}"), "deflate") }, p, tooLarge),
            Post("gzip label on plain JSON", new HostileResponse { Body = HostileBody.Mislabelled(HostileBody.Text(Submitted("QUEUED")), "gzip") }, p, "decompressed"),
            Post("unknown content encoding", new HostileResponse { Body = HostileBody.Mislabelled(HostileBody.Text("\u0028\u00b5\u002f\u00fd garbage"), "zstd") }, p, invalidJson),

            // Loops, redirects and slowness.
            Endless("endless nextUri chain", Next),
            Endless("nextUri pointing at itself", "{base}/v1/statement/executing/" + Id + "/y/1"),
            Post("redirect loop", new HostileResponse { StatusCode = 307, Headers = [new("Location", "{base}/v1/statement")] }, p, "redirected more than 5 times"),
            Post("redirect to a file URL", new HostileResponse { StatusCode = 307, Headers = [new("Location", "file:///etc/passwd")] }, p, "file"),
            Post("redirect without Location", new HostileResponse { StatusCode = 307 }, p, "without a Location"),
            Post("302 turning the POST into a GET", new HostileResponse { StatusCode = 302, Headers = [new("Location", "{base}/v1/statement")] }, p, "turn it into a GET"),
            Post("slow-loris body", new HostileResponse { Body = HostileBody.Text(Submitted("QUEUED")), BytesPerWrite = 1, WriteDelay = TimeSpan.FromMilliseconds(200) }, e, timedOut),
            Http("headers that never come", new HttpFault { On = RequestKind.Post, Kind = HttpFaultKind.Delay, Delay = TimeSpan.FromSeconds(30) }, e, timedOut),
            Post("slow-loris page", new HostileResponse { Body = HostileBody.Repeat(Padding, " ", 1_000_000, "\"}"), BytesPerWrite = 100, WriteDelay = TimeSpan.FromMilliseconds(50) }, e, timedOut),

            // Statuses and headers.
            Post("status 999", new HostileResponse { StatusCode = 999, ContentType = "text/plain", Body = HostileBody.Text("?") }, p, "HTTP 999"),
            Post("500 with a 1 GB body", new HostileResponse { StatusCode = 500, ContentType = "text/plain", Body = HostileBody.Repeat(string.Empty, "E", OneGigabyte, string.Empty) }, p, "HTTP 500"),
            Post("Retry-After of three years", new HostileResponse { StatusCode = 429, Headers = [new("Retry-After", "99999999")] }, e, "beyond the deadline"),
            Post("100 KB response header", new HostileResponse { Headers = [new("X-Trino-Set-Session", "a=" + new string('b', 100_000))], Body = HostileBody.Text(Submitted("QUEUED")) }, e, timedOut),
            Post("401 with a 100 KB challenge", new HostileResponse { StatusCode = 401, Headers = [new("WWW-Authenticate", "Bearer realm=\"" + new string('r', 30_000) + "\"")] }, a, "401"),
            Post("redirect to an origin that refuses connections", new HostileResponse { StatusCode = 307, Headers = [new("Location", "http://127.0.0.1:1/v1/statement")] }, e, "127.0.0.1:1"),
            Post("nextUri to an origin that refuses connections", Text("""{"id":"x","nextUri":"http://127.0.0.1:1/v1/statement/queued/x/y/1","stats":{"state":"QUEUED"}}"""), e, "127.0.0.1:1"),
            Post("error with an unknown type and no name", Text("""{"id":"x","error":{"message":"m","errorCode":-5,"errorType":"NOT_A_TYPE"},"stats":{"state":"FAILED"}}"""), q, "m"),
        };
        return cases;
    }

    private static string Submitted(string state) => "{\"id\":\"" + Id + "\",\"infoUri\":\"{base}/ui\",\"nextUri\":\"{base}/v1/statement/queued/" + Id + "/y/1\",\"stats\":{\"state\":\"" + state + "\"}}";

    private static HostileResponse Text(string template) => new() { Body = HostileBody.Text(template) };

    private static HostileCase Post(string name, HostileResponse response, Type expected, string fragment) =>
        Http(name, new HttpFault { On = RequestKind.Post, Kind = HttpFaultKind.Hostile, Response = response, Times = -1 }, expected, fragment);

    private static HostileCase Http(string name, HttpFault fault, Type expected, string fragment) =>
        new(name, server => server.Faults.Http(fault), expected, fragment);

    private static HostileCase Rows(string name, string rowJson, Type expected, string fragment, ResultColumn? column = null) =>
        new(name, server => server.Script(Sql, ScriptedResult.FromRawRows(column is null ? Bigint : [column], [rowJson])), expected, fragment);

    /// <summary>A running query whose every poll answers a new (or the same) <c>nextUri</c> without data: only the command timeout ends it.</summary>
    private static HostileCase Endless(string name, string next) =>
        new(
            name,
            server => server.Faults.Http(new HttpFault
            {
                Kind = HttpFaultKind.Hostile,
                Times = -1,
                Response = new HostileResponse { Body = HostileBody.Text("{\"id\":\"" + Id + "\",\"nextUri\":\"" + next + "\",\"stats\":{\"state\":\"RUNNING\"}}") },
                PathMatch = path => path == "/v1/statement" || path.Contains(Id, StringComparison.Ordinal),
            }),
            typeof(PrestoException),
            "command timed out",
            TimeBound: true);
}
