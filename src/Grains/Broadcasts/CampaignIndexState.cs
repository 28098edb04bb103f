using Vimercate.Abstractions;

namespace Vimercate.Broadcasts;

/// <summary>One campaign in the index.</summary>
/// <param name="CreatedAt">Orders the list, newest first.</param>
/// <param name="Status">For the status filter.</param>
[GenerateSerializer, Immutable, Alias("vimercate.CampaignIndexEntry")]
public sealed record CampaignIndexEntry(
    [property: Id(0)] DateTimeOffset CreatedAt,
    [property: Id(1)] CampaignStatus Status);

/// <summary>The persistent state of the <see cref="CampaignIndexGrain"/>.</summary>
[GenerateSerializer, Alias("vimercate.CampaignIndexState")]
public sealed class CampaignIndexState
{
    /// <summary>Every campaign by id.</summary>
    [Id(0)]
    public Dictionary<string, CampaignIndexEntry> Campaigns { get; set; } = [];
}
