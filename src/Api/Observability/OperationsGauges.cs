using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Hosting;
using Vimercate.Telemetry;
using Vimercate.Throughput;

namespace Vimercate.Api.Observability;

/// <summary>
/// Gauges of what lives in grains, for <c>/metrics</c>: the send limiter's rate and the progress of running campaigns.
/// Observable instruments are read synchronously, so the figures are fetched from the cluster every
/// <see cref="Period"/> and the gauges report the last ones fetched.
/// </summary>
internal sealed partial class OperationsGauges : BackgroundService
{
    /// <summary>How often the figures are fetched.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(15);

    private readonly IGrainFactory _grains;
    private readonly IOptions<WhatsAppOptions> _whatsApp;
    private readonly TimeProvider _time;
    private readonly ILogger<OperationsGauges> _logger;
    private volatile Snapshot? _snapshot;

    /// <summary>Creates the gauges on the service's meter.</summary>
    public OperationsGauges(IGrainFactory grains, IOptions<WhatsAppOptions> whatsApp, VimercateMetrics metrics, TimeProvider time, ILogger<OperationsGauges> logger)
    {
        _grains = grains;
        _whatsApp = whatsApp;
        _time = time;
        _logger = logger;
        metrics.Meter.CreateObservableGauge("vimercate.limiter.rate", () => Measure(s => s.Throughput.CurrentRate), "{message}/s", "Outbound messages per second the limiter allows now (lower than configured after a 130429).");
        metrics.Meter.CreateObservableGauge("vimercate.limiter.configured_rate", () => Measure(s => (double)s.Throughput.ConfiguredRate), "{message}/s", "WhatsApp:MessagesPerSecond.");
        metrics.Meter.CreateObservableGauge("vimercate.limiter.daily_recipients", () => Measure(s => (double)s.Throughput.DailyRecipientsUsed), "{recipient}", "Distinct citizens who got a campaign message in the last 24 hours.");
        metrics.Meter.CreateObservableGauge("vimercate.limiter.unavailable", () => Measure(UnavailableSeconds), "s", "How long WhatsApp has not been answering; 0 while it answers.");
        metrics.Meter.CreateObservableGauge("vimercate.campaigns.running", () => Measure(s => (double)s.Campaigns.Count), "{campaign}", "Campaigns queued or sending.");
        metrics.Meter.CreateObservableGauge("vimercate.campaign.recipients", CampaignProgress, "{recipient}", "Recipients of each running campaign by state (audience, pending, sent, delivered, read, failed).");
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, _time);
        do
        {
            try
            {
                _snapshot = await FetchAsync();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFetchFailed(_logger, exception.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<Snapshot> FetchAsync()
    {
        var throughput = await _grains.GetGrain<IThroughputGrain>(_whatsApp.Value.PhoneNumberId ?? OutboundThrottle.SandboxKey).GetAsync();
        var index = _grains.GetGrain<ICampaignIndexGrain>(0);
        var running = new List<CampaignView>();
        foreach (var status in new[] { CampaignStatus.Queued, CampaignStatus.Sending })
        {
            var page = await index.ListAsync(1, 100, status);
            var views = await Task.WhenAll(page.CampaignIds.Select(id => _grains.GetGrain<IBroadcastGrain>(id).GetAsync()));
            running.AddRange(views.OfType<CampaignView>());
        }

        return new Snapshot(throughput, running);
    }

    private double UnavailableSeconds(Snapshot snapshot) =>
        snapshot.Throughput.UnavailableSince is { } since ? Math.Max(0, (_time.GetUtcNow() - since).TotalSeconds) : 0;

    private IEnumerable<Measurement<double>> Measure(Func<Snapshot, double> value) =>
        _snapshot is { } snapshot ? [new Measurement<double>(value(snapshot))] : [];

    private IEnumerable<Measurement<long>> CampaignProgress()
    {
        foreach (var campaign in _snapshot?.Campaigns ?? [])
        {
            var counts = campaign.Counts;
            foreach (var (state, value) in new[]
            {
                ("audience", counts.Audience), ("pending", counts.Pending), ("sent", counts.Sent),
                ("delivered", counts.Delivered), ("read", counts.Read), ("failed", counts.Failed),
            })
            {
                yield return new Measurement<long>(value, new("campaign_id", campaign.Id), new("state", state));
            }
        }
    }

    [LoggerMessage(EventId = 8300, Level = LogLevel.Debug, Message = "Limiter and campaign gauges not refreshed this time: {Error}")]
    private static partial void LogFetchFailed(ILogger logger, string error);

    private sealed record Snapshot(ThroughputView Throughput, IReadOnlyList<CampaignView> Campaigns);
}
