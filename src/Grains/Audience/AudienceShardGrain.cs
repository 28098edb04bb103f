using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Hosting;
using Vimercate.Storage;

namespace Vimercate.Audience;

/// <summary>
/// One shard of the active numbers: the index a broadcast walks instead of activating every subscriber. Rows of the
/// <see cref="IAudienceStore"/>, loaded once; the list in memory changes only after its row was written
/// (docs/design/broadcasts.md, "The audience").
/// </summary>
[GrainType("audienceshard")]
public sealed class AudienceShardGrain(
    [PersistentState("audience")] IPersistentState<AudienceState> earlierLayout,
    IAudienceStore store,
    IOptions<AudienceOptions> options) : Grain, IAudienceShardGrain
{
    private AudienceMembers _members = new([]);

    private int Shard => (int)this.GetPrimaryKeyLong();

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (earlierLayout.State.Members.Count > 0)
        {
            await store.AddRangeAsync(Shard, earlierLayout.State.Members, cancellationToken);
            await earlierLayout.ClearOrDropAsync(this, cancellationToken);
        }

        _members = new AudienceMembers(await store.LoadAsync(Shard, cancellationToken));
        await base.OnActivateAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task AddAsync(ulong number)
    {
        EnsureBelongsHere(number);
        if (!_members.Contains(number))
        {
            await this.OrDropAsync(() => store.AddAsync(Shard, number), "audience member");
            _members.Add(number);
        }
    }

    /// <inheritdoc />
    public async Task RemoveAsync(ulong number)
    {
        EnsureBelongsHere(number);
        if (_members.Contains(number))
        {
            await this.OrDropAsync(() => store.RemoveAsync(Shard, number), "audience member");
            _members.Remove(number);
        }
    }

    /// <inheritdoc />
    public Task<int> CountAsync() => Task.FromResult(_members.Count);

    /// <inheritdoc />
    public Task<bool> ContainsAsync(ulong number) => Task.FromResult(_members.Contains(number));

    /// <inheritdoc />
    public Task<ulong[]> GetMembersAfterAsync(ulong after, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var numbers = _members.Numbers;
        var index = _members.IndexOf(after);
        var start = index >= 0 ? index + 1 : ~index;
        var count = Math.Min(max, numbers.Count - start);
        var page = new ulong[Math.Max(0, count)];
        for (var i = 0; i < page.Length; i++)
        {
            page[i] = numbers[start + i];
        }

        return Task.FromResult(page);
    }

    // A number filed under the wrong shard would be missed by broadcasts and by opt-outs alike.
    private void EnsureBelongsHere(ulong number)
    {
        var shard = AudienceSharding.ShardOf(number, options.Value.ShardCount);
        if (shard != Shard)
        {
            throw new ArgumentException($"The number belongs to audience shard {shard}, not {Shard}.", nameof(number));
        }
    }
}
