using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Presto.Tests.Protocol;

/// <summary>
/// A minimal HTTP/1.1 endpoint on 127.0.0.1 that answers every request with a redirect (status and Location chosen by the
/// test) and records what it received. Stands in for a gateway or load balancer in front of the embedded server.
/// </summary>
internal sealed class RedirectServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, string, (int Status, string Location)> _answer;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(string Method, string Path, Dictionary<string, string> Headers)> _requests = [];
    private readonly Task _loop;

    public RedirectServer(Func<string, string, (int Status, string Location)> answer)
    {
        _answer = answer;
        _listener.Start();
        BaseAddress = new Uri("http://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port);
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseAddress { get; }

    public IReadOnlyList<(string Method, string Path, Dictionary<string, string> Headers)> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToArray();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var head = new StringBuilder();
            var one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one) == 1)
            {
                head.Append((char)one[0]);
            }

            var lines = head.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var requestLine = lines[0].Split(' ');
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines.Skip(1))
            {
                int colon = line.IndexOf(':');
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }

            if (headers.TryGetValue("Content-Length", out var length))
            {
                var body = new byte[int.Parse(length, System.Globalization.CultureInfo.InvariantCulture)];
                await stream.ReadExactlyAsync(body);
            }

            lock (_requests)
            {
                _requests.Add((requestLine[0], requestLine[1], headers));
            }

            var (status, location) = _answer(requestLine[0], requestLine[1]);
            var response = $"HTTP/1.1 {status} Redirect\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
        }
    }
}
