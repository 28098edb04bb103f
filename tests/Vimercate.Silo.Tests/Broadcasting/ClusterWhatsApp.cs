using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Vimercate.Messaging;
using Vimercate.Testing.Cluster;

namespace Vimercate.Silo.Tests.Broadcasting;

/// <summary>
/// The kit's <see cref="Testing.Cluster.RecordingWhatsApp"/> as the transport of every silo of one PostgreSQL test cluster.
/// That cluster builds silos from configurator types, so a cluster finds its recorder by its cluster id.
/// </summary>
internal sealed class ClusterWhatsApp : IDisposable
{
    private static readonly ConcurrentDictionary<string, ClusterWhatsApp> Clusters = new();

    private readonly string _clusterId;

    private ClusterWhatsApp(string clusterId, TimeSpan latency)
    {
        _clusterId = clusterId;
        Recorder = new RecordingWhatsApp(new EventClock()) { Latency = latency };
    }

    /// <summary>What every silo of the cluster sent.</summary>
    public RecordingWhatsApp Recorder { get; }

    /// <summary>Opens the recorder of the cluster with this id (answering after <paramref name="latency"/>, 20 ms by default), until disposed.</summary>
    public static ClusterWhatsApp Open(string clusterId, TimeSpan? latency = null)
    {
        var recorder = new ClusterWhatsApp(clusterId, latency ?? TimeSpan.FromMilliseconds(20));
        if (!Clusters.TryAdd(clusterId, recorder))
        {
            throw new InvalidOperationException($"Cluster {clusterId} already has a recording WhatsApp.");
        }

        return recorder;
    }

    /// <summary>Adds the configurator that gives the cluster's silos this recorder as their transport (before the product's services wrap it).</summary>
    public static void Configure(TestClusterBuilder builder) => builder.AddSiloBuilderConfigurator<SiloSenders>();

    /// <inheritdoc />
    public void Dispose() => Clusters.TryRemove(_clusterId, out _);

    private sealed class SiloSenders : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var clusterId = siloBuilder.Configuration["Orleans:ClusterId"]
                ?? throw new InvalidOperationException("The test cluster has no Orleans:ClusterId.");
            var whatsApp = Clusters.TryGetValue(clusterId, out var found)
                ? found
                : throw new InvalidOperationException($"Open a recording WhatsApp for cluster {clusterId} before starting it.");
            siloBuilder.Services.AddKeyedSingleton<IWhatsAppSender>(MessagingServiceCollectionExtensions.Transport, (provider, _) => whatsApp.Recorder.For(provider.GetRequiredService<ILocalSiloDetails>().Name));
        }
    }
}
