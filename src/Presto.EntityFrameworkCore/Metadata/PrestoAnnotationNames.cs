namespace Presto.EntityFrameworkCore.Metadata;

/// <summary>Names of the annotations the provider reads from the model.</summary>
internal static class PrestoAnnotationNames
{
    /// <summary>The catalog of a table (on an entity type, the model or a relational table).</summary>
    public const string Catalog = "Presto:Catalog";
}
