using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Audience;
using Vimercate.Hosting;
using Vimercate.Messaging;
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
        const ulong number = 393331230002;
        var shard = ShardOf(number);
        _faults.FailNext(shard, StorageOperation.Write, FaultTiming.Before);

        await Assert.ThrowsAnyAsync<Exception>(() => shard.AddAsync(number));
        Assert.False(await shard.ContainsAsync(number));

        await shard.AddAsync(number);
        Assert.True(await shard.ContainsAsync(number));
        Assert.NotNull(await _faults.StoredAsync<AudienceState>(shard, "audience"));
    }

    [Fact]
    public async Task AKilledSiloWritesNothingMoreAndItsStateSurvivesOnTheOtherSilo()
    {
        const ulong number = 393331230003;
        var shard = ShardOf(number);
        await shard.AddAsync(number);
        var host = await _cluster.HostOfAsync(shard);

        await _cluster.KillAsync(host);

        Assert.True(await shard.ContainsAsync(number));
        Assert.NotEqual(host.SiloAddress, (await _cluster.HostOfAsync(shard)).SiloAddress);
    }
}
