namespace Presto.Testing;

/// <summary>Which coordinator a <see cref="PrestoTestServer"/> imitates.</summary>
public enum ServerDialect
{
    /// <summary>Trino: <c>X-Trino-*</c> headers, slug-in-path URIs, current type-signature JSON.</summary>
    Trino,

    /// <summary>PrestoDB: <c>X-Presto-*</c> headers, <c>?slug=</c> URIs, legacy type-signature kinds.</summary>
    Presto,
}
