using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Hosting;
using Vimercate.Storage;

namespace Vimercate.Audience;

/// <summary>
/// One shard of the active numbers: the index a broadcast walks instead of activating every subscriber.
/// The <see cref="Subscribers.SubscriberGrain"/> owns consent and keeps this index in step; every change is idempotent.
/// </summary>
public sealed class AudienceShardGrain(
    [PersistentState("audience")] IPersistentState<AudienceState> state,
    IOptions<AudienceOptions> options) : Grain, IAudienceShardGrain
{
    private AudienceMembers Members => new(state.State.Members);

    /// <inheritdoc />
    public async Task AddAsync(ulong number)
    {
        EnsureBelongsHere(number);
        if (Members.Add(number))
        {
            await state.WriteOrDropAsync(this);
        }
    }

    /// <inheritdoc />
    public async Task RemoveAsync(ulong number)
    {
        EnsureBelongsHere(number);
        if (Members.Remove(number))
        {
            await state.WriteOrDropAsync(this);
        }
    }

    /// <inheritdoc />
    public Task<int> CountAsync() => Task.FromResult(Members.Count);

    /// <inheritdoc />
    public Task<bool> ContainsAsync(ulong number) => Task.FromResult(Members.Contains(number));

    /// <inheritdoc />
    public Task<ulong[]> GetMembersAfterAsync(ulong after, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var numbers = state.State.Members;
        var index = numbers.BinarySearch(after);
        var start = index >= 0 ? index + 1 : ~index;
        var count = Math.Min(max, numbers.Count - start);
        return Task.FromResult(count > 0 ? numbers.GetRange(start, count).ToArray() : []);
    }

    // A number filed under the wrong shard would be missed by broadcasts and by opt-outs alike.
    private void EnsureBelongsHere(ulong number)
    {
        var shard = AudienceSharding.ShardOf(number, options.Value.ShardCount);
        if (shard != this.GetPrimaryKeyLong())
        {
            throw new ArgumentException($"The number belongs to audience shard {shard}, not {this.GetPrimaryKeyLong()}.", nameof(number));
        }
    }
}
