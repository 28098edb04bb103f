namespace Vimercate.Audience;

/// <summary>The persistent state of one audience shard (<see cref="AudienceShardGrain"/>).</summary>
[GenerateSerializer, Alias("vimercate.AudienceState")]
public sealed class AudienceState
{
    /// <summary>The active numbers of the shard as keys, ascending, without duplicates.</summary>
    [Id(0)]
    public List<ulong> Members { get; set; } = [];
}
