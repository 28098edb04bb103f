using Vimercate.Abstractions;
using Vimercate.Storage;

namespace Vimercate.Broadcasts;

/// <summary>
/// The list of every campaign (key: 0) for paging and filtering. Each <see cref="BroadcastGrain"/> upserts its entry
/// after writing its own state, and again on every status change, so a crash between the two is repaired by the next
/// upsert; the campaign's own state stays the truth.
/// </summary>
[GrainType("campaignindex")]
public sealed class CampaignIndexGrain(
    [PersistentState("campaign-index")] IPersistentState<CampaignIndexState> state) : Grain, ICampaignIndexGrain
{
    /// <inheritdoc />
    public async Task UpsertAsync(string campaignId, DateTimeOffset createdAt, CampaignStatus status)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(campaignId);
        var entry = new CampaignIndexEntry(createdAt, status);
        if (state.State.Campaigns.TryGetValue(campaignId, out var known) && known == entry)
        {
            return;
        }

        state.State.Campaigns[campaignId] = entry;
        await state.WriteOrDropAsync(this);
    }

    /// <inheritdoc />
    public Task<CampaignPage> ListAsync(int page, int pageSize, CampaignStatus? status)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var matching = state.State.Campaigns
            .Where(c => status is null || c.Value.Status == status)
            .OrderByDescending(c => c.Value.CreatedAt)
            .ThenByDescending(c => c.Key, StringComparer.Ordinal)
            .Select(c => c.Key)
            .ToList();
        var ids = matching.Skip((int)Math.Min(int.MaxValue, (long)(page - 1) * pageSize)).Take(pageSize).ToList();
        return Task.FromResult(new CampaignPage(ids, page, pageSize, matching.Count));
    }
}
