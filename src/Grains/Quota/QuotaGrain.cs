using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Hosting;
using Vimercate.Storage;

namespace Vimercate.Quota;

/// <summary>
/// One week's campaign quota (key: ISO week, e.g. "2026-W48", in <c>Service:TimeZone</c>).
/// The grain is single-threaded, so concurrent reservations are decided one after another and cannot overbook;
/// a reservation is accepted only once it is written, so a crash loses no granted slot.
/// </summary>
[GrainType("quota")]
public sealed partial class QuotaGrain(
    [PersistentState("quota")] IPersistentState<QuotaState> state,
    IOptions<ServiceOptions> options,
    TimeProvider time,
    ILogger<QuotaGrain> logger) : Grain, IQuotaGrain
{
    private QuotaWeek _week = null!;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
        _week = QuotaWeek.Parse(this.GetPrimaryKeyString(), zone);
        return base.OnActivateAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<QuotaDecision> ReserveAsync(QuotaRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.CampaignId, nameof(request));
        var emergency = request.Category == CampaignCategory.Emergency;
        if (emergency && string.IsNullOrWhiteSpace(request.EmergencyReason))
        {
            throw new ArgumentException("An emergency campaign needs a reason.", nameof(request));
        }

        if (!emergency && request.EmergencyReason is not null)
        {
            throw new ArgumentException("Only emergency campaigns carry a reason.", nameof(request));
        }

        if (state.State.Reservations.Exists(r => r.CampaignId == request.CampaignId))
        {
            return new QuotaDecision(true, View());
        }

        if (!emergency && Used() >= options.Value.WeeklyLimit)
        {
            LogRefused(logger, _week.Key, request.CampaignId, options.Value.WeeklyLimit);
            return new QuotaDecision(false, View());
        }

        state.State.Reservations.Add(new QuotaReservation(request.CampaignId, request.Category, request.EmergencyReason, time.GetUtcNow()));
        await state.WriteOrDropAsync(this);
        if (emergency)
        {
            LogEmergency(logger, _week.Key, request.CampaignId, request.EmergencyReason!);
        }

        return new QuotaDecision(true, View());
    }

    /// <inheritdoc />
    public async Task ReleaseAsync(string campaignId)
    {
        if (state.State.Reservations.RemoveAll(r => r.CampaignId == campaignId) > 0)
        {
            await state.WriteOrDropAsync(this);
            LogReleased(logger, _week.Key, campaignId);
        }
    }

    /// <inheritdoc />
    public Task<QuotaView> GetAsync() => Task.FromResult(View());

    /// <inheritdoc />
    public Task<IReadOnlyList<QuotaReservation>> ListAsync() =>
        Task.FromResult<IReadOnlyList<QuotaReservation>>(state.State.Reservations.ToArray());

    private int Used() => state.State.Reservations.Count(r => r.Category != CampaignCategory.Emergency);

    private QuotaView View()
    {
        var limit = options.Value.WeeklyLimit;
        var used = Used();
        var emergencies = state.State.Reservations.Count - used;
        return new QuotaView(_week.Key, limit, used, Math.Max(0, limit - used), _week.Start, _week.End, emergencies);
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Week {Week}: campaign {CampaignId} refused, the limit of {Limit} is reached")]
    private static partial void LogRefused(ILogger logger, string week, string campaignId, int limit);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Week {Week}: emergency campaign {CampaignId} counted outside the limit, reason: {Reason}")]
    private static partial void LogEmergency(ILogger logger, string week, string campaignId, string reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Week {Week}: campaign {CampaignId} gave its slot back")]
    private static partial void LogReleased(ILogger logger, string week, string campaignId);
}
