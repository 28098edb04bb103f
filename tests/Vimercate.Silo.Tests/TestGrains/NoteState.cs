namespace Vimercate.Silo.Tests.TestGrains;

/// <summary>State of <see cref="NoteGrain"/>.</summary>
[GenerateSerializer, Alias("vimercate.tests.NoteState")]
public sealed class NoteState
{
    /// <summary>The stored text.</summary>
    [Id(0)]
    public string? Text { get; set; }
}
