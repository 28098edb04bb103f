namespace Vimercate.Audience;

/// <summary>An audience shard's numbers as grain state, the layout before <c>audience_member</c>: moved into the store on the shard's first activation.</summary>
[GenerateSerializer, Alias("vimercate.AudienceState")]
public sealed class AudienceState
{
    /// <summary>The active numbers of the shard as keys, ascending, without duplicates.</summary>
    [Id(0)]
    public List<ulong> Members { get; set; } = [];
}
