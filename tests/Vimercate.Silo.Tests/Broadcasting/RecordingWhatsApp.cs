using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Vimercate.Messaging;

namespace Vimercate.Silo.Tests.Broadcasting;

/// <summary>One message that reached the recording WhatsApp.</summary>
/// <param name="Message">What was sent.</param>
/// <param name="Silo">The name of the silo that sent it.</param>
/// <param name="Order">Position among every send of the cluster.</param>
internal sealed record RecordedSend(OutboundMessage Message, string Silo, long Order);

/// <summary>
/// The WhatsApp every in-process silo of one test cluster sends to: it records each message with the silo that sent it
/// and answers "accepted" after a short latency, so that a silo can die between WhatsApp taking a message and the
/// shard writing it down. A silo marked dead reaches WhatsApp no more, as if its process were gone.
/// </summary>
internal sealed class RecordingWhatsApp : IDisposable
{
    // The test cluster builds silos from configurator types, so a cluster finds its recorder by its cluster id.
    private static readonly ConcurrentDictionary<string, RecordingWhatsApp> Clusters = new();

    private readonly ConcurrentQueue<RecordedSend> _sends = new();
    private readonly ConcurrentDictionary<string, bool> _dead = new();
    private readonly string _clusterId;
    private long _order;

    private RecordingWhatsApp(string clusterId) => _clusterId = clusterId;

    /// <summary>How long WhatsApp takes to answer; the message is recorded on arrival.</summary>
    public TimeSpan Latency { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>The recorder of the cluster with this id, until disposed.</summary>
    public static RecordingWhatsApp Open(string clusterId, TimeSpan? latency = null)
    {
        var recorder = new RecordingWhatsApp(clusterId) { Latency = latency ?? TimeSpan.FromMilliseconds(20) };
        if (!Clusters.TryAdd(clusterId, recorder))
        {
            throw new InvalidOperationException($"Cluster {clusterId} already has a recording WhatsApp.");
        }

        return recorder;
    }

    /// <summary>Adds the configurator that gives the cluster's silos this recorder as their sender.</summary>
    public static void Configure(TestClusterBuilder builder) => builder.AddSiloBuilderConfigurator<SiloSenders>();

    /// <summary>Messages of one campaign.</summary>
    public IReadOnlyList<RecordedSend> SendsOf(string campaignId) => [.. _sends.Where(s => s.Message.CampaignId == campaignId)];

    /// <summary>How many messages of one campaign each recipient got, by the digits of the number.</summary>
    public Dictionary<string, int> PerRecipient(string campaignId) =>
        _sends.Where(s => s.Message.CampaignId == campaignId).GroupBy(s => s.Message.To).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>From now on the silo's sends fail as a dead process's would.</summary>
    public void MarkDead(string silo) => _dead[silo] = true;

    /// <inheritdoc />
    public void Dispose() => Clusters.TryRemove(_clusterId, out _);

    private async Task<SendResult> SendAsync(OutboundMessage message, string silo, CancellationToken cancellationToken)
    {
        if (_dead.ContainsKey(silo))
        {
            throw new HttpRequestException($"Silo {silo} is dead.");
        }

        var order = Interlocked.Increment(ref _order);
        _sends.Enqueue(new RecordedSend(message, silo, order));
        await Task.Delay(Latency, cancellationToken);
        return SendResult.Accepted($"wamid.recorded.{order}");
    }

    private sealed class SiloSender(RecordingWhatsApp recorder, string silo) : IWhatsAppSender
    {
        public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default) =>
            recorder.SendAsync(message, silo, cancellationToken);
    }

    private sealed class SiloSenders : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var clusterId = siloBuilder.Configuration["Orleans:ClusterId"]
                ?? throw new InvalidOperationException("The test cluster has no Orleans:ClusterId.");
            var recorder = Clusters.TryGetValue(clusterId, out var found)
                ? found
                : throw new InvalidOperationException($"Open a recording WhatsApp for cluster {clusterId} before starting it.");
            siloBuilder.Services.AddKeyedSingleton<IWhatsAppSender>(MessagingServiceCollectionExtensions.Transport, (provider, _) => new SiloSender(recorder, provider.GetRequiredService<ILocalSiloDetails>().Name));
        }
    }
}
