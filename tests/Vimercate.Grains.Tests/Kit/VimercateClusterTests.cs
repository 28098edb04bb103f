using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Grains.Tests.Infrastructure;
using Vimercate.Hosting;
using Vimercate.Messaging;
using Vimercate.Subscribers;
using Vimercate.Testing.Cluster;

namespace Vimercate.Grains.Tests.Kit;

/// <summary>The kit's cluster runs the product's own sender pipeline around the test transport, and injects storage faults on demand.</summary>
public sealed class VimercateClusterTests : IAsyncLifetime
{
    private readonly RecordingWhatsApp _whatsApp = new(new EventClock());
    private readonly StorageFaults _faults = new();
    private VimercateCluster _cluster = null!;

    /// <inheritdoc />
    public async Task InitializeAsync() => _cluster = await VimercateCluster.StartAsync(new VimercateClusterOptions
    {
        Silos = 2,
        SharedStorage = true,
        StorageFaults = _faults,
        Transport = (_, silo) => _whatsApp.For(silo),
    });

    /// <inheritdoc />
    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private IAudienceShardGrain ShardOf(ulong number) => _cluster.Client.GetGrain<IAudienceShardGrain>(
        Audience.AudienceSharding.ShardOf(number, _cluster.Services.GetRequiredService<IOptions<AudienceOptions>>().Value.ShardCount));

    [Fact]
    public async Task EverySiloSendsThroughTheProductsPipelineToTheTestTransport()
    {
        foreach (var silo in _cluster.Cluster.Silos)
        {
            var sender = silo.ServiceProvider.GetRequiredService<IWhatsAppSender>();
            Assert.NotEqual("SiloSender", sender.GetType().Name);

            var result = await sender.SendAsync(OutboundMessage.Reply("393331230001", "Questo numero non riceve messaggi."));

            Assert.Equal(SendOutcome.Sent, result.Outcome);
        }

        Assert.Equal(_cluster.Cluster.Silos.Select(s => s.Name).Order(), _whatsApp.Sends.Select(s => s.Silo).Order());
    }

    [Fact]
    public async Task AFailedStorageWriteChangesNothingAndTheNextOneLands()
    {
        const string number = "393331230002";
        var subscriber = _cluster.Client.GetGrain<ISubscriberGrain>(number);
        var optIn = Inbound.Text(number, "Vimercate Info", DateTimeOffset.UtcNow);
        _faults.FailNext(subscriber, StorageOperation.Write, FaultTiming.Before);

        await Assert.ThrowsAnyAsync<Exception>(() => subscriber.HandleAsync(optIn));
        Assert.Null(await _faults.StoredAsync<SubscriberState>(subscriber, "subscriber"));
        Assert.False((await subscriber.GetAsync()).IsSubscribed);

        Assert.Equal(InboundOutcome.Subscribed, await subscriber.HandleAsync(optIn));
        Assert.NotNull(await _faults.StoredAsync<SubscriberState>(subscriber, "subscriber"));
    }

    [Fact]
    public async Task AKilledSiloWritesNothingMoreAndItsStateSurvivesOnTheOtherSilo()
    {
        const string number = "393331230003";
        var subscriber = _cluster.Client.GetGrain<ISubscriberGrain>(number);
        await subscriber.HandleAsync(Inbound.Text(number, "Vimercate Info", DateTimeOffset.UtcNow));
        var host = await _cluster.HostOfAsync(subscriber);

        await _cluster.KillAsync(host);

        Assert.True((await subscriber.GetAsync()).IsSubscribed);
        Assert.True(await ShardOf(PhoneNumbers.ToKey(number)).ContainsAsync(PhoneNumbers.ToKey(number)));
        Assert.NotEqual(host.SiloAddress, (await _cluster.HostOfAsync(subscriber)).SiloAddress);
    }
}
