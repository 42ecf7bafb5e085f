using System;

namespace Presto.Testing.Server;

/// <summary>A request the server rejects before it becomes a query: answered with 400 and a short text body, as both servers do.</summary>
internal sealed class BadRequestException(string message) : Exception(message);
