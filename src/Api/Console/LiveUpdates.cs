using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Api.Campaigns;
using Vimercate.Api.Problems;
using Vimercate.Api.Quota;
using Vimercate.Api.Sandbox;
using Vimercate.Hosting;
using Vimercate.Messaging;
using Vimercate.Privacy;
using Vimercate.Storage;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Vimercate.Api.Console;

/// <summary>
/// The console's server-sent events: each stream reads the grains on the server at <see cref="ConsoleOptions.UpdateInterval"/>
/// and pushes an event only when what it read changed, so a browser never polls. Nothing publishes campaign progress
/// on a stream (the campaign's durable state is the truth), so reading it is the reliable source.
/// </summary>
public sealed partial class LiveUpdates(
    IGrainFactory grains,
    ServiceCalendar calendar,
    SandboxOutbox outbox,
    TimeProvider time,
    IOptions<ConsoleOptions> options,
    IOptions<AudienceOptions> audience,
    IOptions<HttpJsonOptions> json,
    IHostApplicationLifetime lifetime,
    ILogger<LiveUpdates> logger)
{
    /// <summary>The event a quiet stream sends to keep its connection open.</summary>
    public const string PingEvent = "ping";

    /// <summary>The event that says the data cannot be read now (its payload: the storage-unavailable problem).</summary>
    public const string UnavailableEvent = "unavailable";

    /// <summary>The event that says the data can be read again after <see cref="UnavailableEvent"/>.</summary>
    public const string AvailableEvent = "available";

    private static readonly SseItem<string> Ping = new("{}", PingEvent);

    /// <summary>One campaign: a <c>campaign</c> event now and on every change; the stream ends after the campaign has finished.</summary>
    public async IAsyncEnumerable<SseItem<string>> CampaignAsync(string campaignId, CampaignView first, string keyName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        using var timer = new PeriodicTimer(options.Value.UpdateInterval, time);
        LogStreamOpened(logger, "campaign", keyName);
        var campaign = grains.GetGrain<IBroadcastGrain>(campaignId);
        var changes = new ChangeTracker();
        var view = first;
        var lastSent = time.GetUtcNow();
        try
        {
            while (true)
            {
                if (changes.Changed("campaign", Serialize(CampaignResource.From(view, calendar)), out var item))
                {
                    lastSent = time.GetUtcNow();
                    yield return item;
                }

                if (view.Status is CampaignStatus.Completed or CampaignStatus.Cancelled or CampaignStatus.Failed)
                {
                    break;
                }

                if (!await TickAsync(timer, stop.Token))
                {
                    break;
                }

                if (KeepAliveDue(ref lastSent))
                {
                    yield return Ping;
                }

                view = await campaign.GetAsync() ?? view;
            }
        }
        finally
        {
            LogStreamClosed(logger, "campaign", keyName);
        }
    }

    /// <summary>
    /// The overview: <c>campaigns</c> (the latest), <c>quota</c> (this week) and <c>stats</c> (the subscriber trend) now and on
    /// every change. While the data cannot be read (<see cref="StorageFailure"/>) the stream stays open, sends one
    /// <c>unavailable</c> event with the storage-unavailable problem, and <c>available</c> once reads succeed again.
    /// </summary>
    public async IAsyncEnumerable<SseItem<string>> OverviewAsync(string keyName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        using var timer = new PeriodicTimer(options.Value.UpdateInterval, time);
        LogStreamOpened(logger, "overview", keyName);
        var changes = new ChangeTracker();
        var lastSent = time.GetUtcNow();
        DateTimeOffset? statsReadAt = null;
        var unavailable = false;
        try
        {
            do
            {
                var statsDue = statsReadAt is null || time.GetUtcNow() - statsReadAt >= options.Value.StatisticsInterval;
                var read = await ReadOverviewAsync(statsDue);
                if (read is null)
                {
                    if (!unavailable)
                    {
                        unavailable = true;
                        lastSent = time.GetUtcNow();
                        yield return new SseItem<string>(Serialize(ApiProblems.StorageUnavailable()), UnavailableEvent);
                    }
                }
                else
                {
                    if (unavailable)
                    {
                        unavailable = false;
                        yield return new SseItem<string>("{}", AvailableEvent);
                    }

                    if (changes.Changed("campaigns", Serialize(read.Campaigns), out var campaigns))
                    {
                        lastSent = time.GetUtcNow();
                        yield return campaigns;
                    }

                    if (changes.Changed("quota", Serialize(read.Quota), out var quota))
                    {
                        lastSent = time.GetUtcNow();
                        yield return quota;
                    }

                    if (read.Trend is not null)
                    {
                        statsReadAt = time.GetUtcNow();
                        if (changes.Changed("stats", Serialize(read.Trend), out var stats))
                        {
                            lastSent = time.GetUtcNow();
                            yield return stats;
                        }
                    }
                }

                if (KeepAliveDue(ref lastSent))
                {
                    yield return Ping;
                }
            }
            while (await TickAsync(timer, stop.Token));
        }
        finally
        {
            LogStreamClosed(logger, "overview", keyName);
        }
    }

    /// <summary>What the sandbox "sent" to one number: a <c>message</c> event for each, the earlier ones first.</summary>
    public async IAsyncEnumerable<SseItem<string>> SandboxAsync(string number, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        using var timer = new PeriodicTimer(options.Value.SandboxInterval, time);
        var delivered = 0;
        var lastSent = time.GetUtcNow();
        do
        {
            // The outbox only grows, in order, so the messages not yet pushed are the tail of the number's list.
            var messages = outbox.List(number);
            for (; delivered < messages.Count; delivered++)
            {
                var m = messages[delivered];
                lastSent = time.GetUtcNow();
                yield return new SseItem<string>(Serialize(new SandboxOutboxItem(m.To, m.Type, m.Text, m.Template, m.CampaignId, m.At)), "message");
            }

            if (KeepAliveDue(ref lastSent))
            {
                yield return Ping;
            }
        }
        while (await TickAsync(timer, stop.Token));
    }

    // One read of everything the overview shows; null when the data cannot be read now.
    private async Task<OverviewRead?> ReadOverviewAsync(bool withTrend)
    {
        try
        {
            var campaigns = await LatestCampaignsAsync();
            var quota = await QuotaAsync();
            var trend = withTrend ? await SubscriberTrend.ReadAsync(grains, calendar, audience.Value, options.Value.GrowthDays) : null;
            return new OverviewRead(campaigns, quota, trend);
        }
        catch (Exception exception) when (StorageFailure.Find(exception) is { } outage)
        {
            LogReadFailed(logger, outage.GetType().Name, LogRedaction.Scrub(outage.Message));
            return null;
        }
    }

    private async Task<CampaignPageResource> LatestCampaignsAsync()
    {
        var page = await grains.GetGrain<ICampaignIndexGrain>(0).ListAsync(1, options.Value.OverviewCampaigns, null);
        var views = await Task.WhenAll(page.CampaignIds.Select(id => grains.GetGrain<IBroadcastGrain>(id).GetAsync()));
        var items = views.OfType<CampaignView>().Select(view => CampaignResource.From(view, calendar)).ToList();
        return new CampaignPageResource(items, page.Page, page.PageSize, page.Total);
    }

    private async Task<QuotaResource> QuotaAsync()
    {
        var quota = await grains.GetGrain<IQuotaGrain>(calendar.WeekOf(calendar.Now).Key).GetAsync();
        return new QuotaResource(quota.Week, quota.Limit, quota.Used, quota.Remaining, calendar.ToLocal(quota.WeekStart), calendar.ToLocal(quota.ResetsAt), quota.Emergencies);
    }

    private bool KeepAliveDue(ref DateTimeOffset lastSent)
    {
        var now = time.GetUtcNow();
        if (now - lastSent < options.Value.KeepAliveInterval)
        {
            return false;
        }

        lastSent = now;
        return true;
    }

    private string Serialize<T>(T value) => JsonSerializer.Serialize(value, json.Value.SerializerOptions);

    /// <summary>Waits for the next read; false when the client went away or the host is stopping.</summary>
    private static async Task<bool> TickAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 7501, Level = LogLevel.Debug, Message = "Live {Stream} stream opened for API key {KeyName}.")]
    private static partial void LogStreamOpened(ILogger logger, string stream, string keyName);

    [LoggerMessage(EventId = 7502, Level = LogLevel.Debug, Message = "Live {Stream} stream closed for API key {KeyName}.")]
    private static partial void LogStreamClosed(ILogger logger, string stream, string keyName);

    [LoggerMessage(EventId = 7503, Level = LogLevel.Warning, Message = "Live overview could not read the data ({Failure}: {Error}); it tries again")]
    private static partial void LogReadFailed(ILogger logger, string failure, string error);

    private sealed record OverviewRead(CampaignPageResource Campaigns, QuotaResource Quota, SubscriberTrendResource? Trend);

    /// <summary>The last payload pushed per event type.</summary>
    private sealed class ChangeTracker
    {
        private readonly Dictionary<string, string> _last = new(StringComparer.Ordinal);

        public bool Changed(string eventType, string payload, out SseItem<string> item)
        {
            item = new SseItem<string>(payload, eventType);
            if (_last.TryGetValue(eventType, out var previous) && previous == payload)
            {
                return false;
            }

            _last[eventType] = payload;
            return true;
        }
    }
}
