namespace Presto.Protocol;

/// <summary>Told by the transport as a response body arrives in a <see cref="PageBuffer"/>.</summary>
internal interface IPageObserver
{
    /// <summary>A new attempt starts writing the body from the beginning.</summary>
    void OnRestart(PageBuffer body);

    /// <summary>Bytes were appended to the body.</summary>
    void OnAppended(PageBuffer body);
}
