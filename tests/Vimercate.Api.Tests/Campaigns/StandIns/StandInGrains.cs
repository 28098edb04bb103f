using System.Globalization;
using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Hosting;

namespace Vimercate.Api.Tests.Campaigns.StandIns;

/// <summary>In-memory weekly quota with the contract's rules, for the API tests while the real grain is not available.</summary>
public sealed class StandInQuotaGrain(IOptions<ServiceOptions> service) : Grain, IQuotaGrain
{
    private readonly Dictionary<string, QuotaRequest> _reservations = new(StringComparer.Ordinal);

    public Task<QuotaDecision> ReserveAsync(QuotaRequest request)
    {
        if (_reservations.ContainsKey(request.CampaignId) || request.Category == CampaignCategory.Emergency || Used < service.Value.WeeklyLimit)
        {
            _reservations[request.CampaignId] = request;
            return Task.FromResult(new QuotaDecision(true, View()));
        }

        return Task.FromResult(new QuotaDecision(false, View()));
    }

    public Task ReleaseAsync(string campaignId)
    {
        _reservations.Remove(campaignId);
        return Task.CompletedTask;
    }

    public Task<QuotaView> GetAsync() => Task.FromResult(View());

    private int Used => _reservations.Values.Count(r => r.Category != CampaignCategory.Emergency);

    private QuotaView View()
    {
        var key = this.GetPrimaryKeyString();
        var monday = ISOWeek.ToDateTime(int.Parse(key[..4], CultureInfo.InvariantCulture), int.Parse(key[6..], CultureInfo.InvariantCulture), DayOfWeek.Monday);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(service.Value.TimeZone);
        var week = QuotaWeek.Containing(new DateTimeOffset(monday.AddHours(12), zone.GetUtcOffset(monday.AddHours(12))), zone);
        var limit = service.Value.WeeklyLimit;
        return new QuotaView(key, limit, Used, Math.Max(0, limit - Used), week.Start, week.End, _reservations.Count - Used);
    }
}

/// <summary>In-memory campaign: scheduled campaigns wait, immediate ones complete at once (no audience), cancel releases the slot.</summary>
public sealed class StandInBroadcastGrain(TimeProvider time, IOptions<ServiceOptions> service) : Grain, IBroadcastGrain
{
    private CampaignView? _view;

    public async Task<CampaignView> CreateAsync(CampaignDraft draft)
    {
        if (_view is not null)
        {
            return _view;
        }

        var now = time.GetUtcNow();
        var status = draft.ScheduledAt is null ? CampaignStatus.Queued : CampaignStatus.Scheduled;
        _view = new CampaignView(this.GetPrimaryKeyString(), draft.Title, draft.Text, draft.Category, status, now, draft.ScheduledAt, null, null, draft.CreatedBy, null, CampaignCounts.Empty, draft.Media, draft.EmergencyReason);
        await IndexAsync();
        var created = _view;
        if (status == CampaignStatus.Queued)
        {
            _view = _view with { Status = CampaignStatus.Completed, StartedAt = now, CompletedAt = now };
            await IndexAsync();
        }

        return created;
    }

    public Task<CampaignView?> GetAsync() => Task.FromResult(_view);

    public async Task<CancelOutcome> CancelAsync(string cancelledBy)
    {
        if (_view is null)
        {
            return CancelOutcome.NotFound;
        }

        if (_view.Status is CampaignStatus.Completed or CampaignStatus.Cancelled or CampaignStatus.Failed)
        {
            return CancelOutcome.AlreadyFinished;
        }

        _view = _view with { Status = CampaignStatus.Cancelled, CompletedAt = time.GetUtcNow() };
        var zone = TimeZoneInfo.FindSystemTimeZoneById(service.Value.TimeZone);
        await GrainFactory.GetGrain<IQuotaGrain>(QuotaWeek.Containing(_view.ScheduledAt ?? _view.CreatedAt, zone).Key).ReleaseAsync(_view.Id);
        await IndexAsync();
        return CancelOutcome.Cancelled;
    }

    private Task IndexAsync() => GrainFactory.GetGrain<ICampaignIndexGrain>(0).UpsertAsync(_view!.Id, _view.CreatedAt, _view.Status);
}

/// <summary>In-memory campaign index, newest first.</summary>
public sealed class StandInCampaignIndexGrain : Grain, ICampaignIndexGrain
{
    private readonly Dictionary<string, (DateTimeOffset CreatedAt, CampaignStatus Status)> _campaigns = new(StringComparer.Ordinal);

    public Task UpsertAsync(string campaignId, DateTimeOffset createdAt, CampaignStatus status)
    {
        _campaigns[campaignId] = (createdAt, status);
        return Task.CompletedTask;
    }

    public Task<CampaignPage> ListAsync(int page, int pageSize, CampaignStatus? status)
    {
        var matching = _campaigns
            .Where(c => status is null || c.Value.Status == status)
            .OrderByDescending(c => c.Value.CreatedAt)
            .ThenByDescending(c => c.Key, StringComparer.Ordinal)
            .Select(c => c.Key)
            .ToList();
        return Task.FromResult(new CampaignPage(matching.Skip((page - 1) * pageSize).Take(pageSize).ToList(), page, pageSize, matching.Count));
    }
}
