namespace Vimercate.Abstractions;

/// <summary>One page of campaign ids, newest first.</summary>
[GenerateSerializer, Immutable, Alias("vimercate.CampaignPage")]
public sealed record CampaignPage(
    [property: Id(0)] IReadOnlyList<string> CampaignIds,
    [property: Id(1)] int Page,
    [property: Id(2)] int PageSize,
    [property: Id(3)] int Total);

/// <summary>The list of every campaign (key: 0) with its creation time and status, for paging and filtering.</summary>
[Alias("vimercate.ICampaignIndexGrain")]
public interface ICampaignIndexGrain : IGrainWithIntegerKey
{
    /// <summary>Adds the campaign or updates its status; idempotent.</summary>
    Task UpsertAsync(string campaignId, DateTimeOffset createdAt, CampaignStatus status);

    /// <summary>Campaign ids newest first, optionally only those in one status; pages count from 1.</summary>
    Task<CampaignPage> ListAsync(int page, int pageSize, CampaignStatus? status);
}
