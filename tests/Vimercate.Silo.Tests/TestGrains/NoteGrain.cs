namespace Vimercate.Silo.Tests.TestGrains;

/// <summary>Keeps one text in the default grain storage under the state name "note".</summary>
public sealed class NoteGrain([PersistentState("note")] IPersistentState<NoteState> note) : Grain, INoteGrain
{
    public async Task WriteAsync(string text)
    {
        note.State.Text = text;
        await note.WriteStateAsync();
    }

    public Task<string?> ReadAsync() => Task.FromResult(note.State.Text);
}
