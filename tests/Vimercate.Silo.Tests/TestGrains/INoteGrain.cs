namespace Vimercate.Silo.Tests.TestGrains;

/// <summary>A grain with one persisted text, to see grain state go through PostgreSQL.</summary>
public interface INoteGrain : IGrainWithStringKey
{
    /// <summary>Stores the text.</summary>
    Task WriteAsync(string text);

    /// <summary>The stored text, or null when nothing was written.</summary>
    Task<string?> ReadAsync();
}
