using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Vimercate.Abstractions;
using Vimercate.Audience;
using Vimercate.Hosting;
using Vimercate.Messaging;
using Vimercate.Subscribers;
using Vimercate.Testing.Cluster;

namespace Vimercate.Grains.Tests.Infrastructure;

/// <summary>
/// The kit's <see cref="VimercateCluster"/> for citizen tests: one silo with the product's services, a fake clock for
/// grains, timers and reminders, and a recording transport whose answers tests script (unscripted sends reach the sandbox).
/// </summary>
public sealed class CitizenCluster : IAsyncLifetime
{
    private static long _nextNumber;
    private VimercateCluster? _cluster;

    /// <summary>The fake clock grains, grain timers and reminders run on; Orleans' own housekeeping keeps real time.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    /// <summary>What reached WhatsApp (the sandbox's record).</summary>
    public SandboxOutbox Delivered { get; } = new();

    /// <summary>The transport the silo sends through: the sandbox, unless a test scripted another answer.</summary>
    public RecordingWhatsApp Sender { get; }

    /// <summary>Faults tests inject into audience shard calls.</summary>
    public AudienceFaults Faults { get; } = new();

    /// <summary>Faults tests inject into writes of grain state, and what storage holds.</summary>
    public StorageFaults Storage { get; } = new();

    /// <summary>The audience rows the silo keeps.</summary>
    public InMemoryAudienceStore AudienceRows { get; } = new();

    /// <summary>The service options the silo runs with (the defaults).</summary>
    public ServiceOptions Service { get; } = new();

    /// <summary>The reply texts of the service options.</summary>
    public CitizenReplies Replies { get; }

    /// <summary>The cluster.</summary>
    public InProcessTestCluster Cluster => (_cluster ?? throw new InvalidOperationException("The cluster has not started.")).Cluster;

    /// <summary>The cluster client.</summary>
    public IClusterClient Client => Cluster.Client;

    /// <summary>The number of audience shards the silo uses.</summary>
    public int ShardCount { get; private set; }

    /// <summary>Creates the fixture; the cluster starts in <see cref="InitializeAsync"/>.</summary>
    public CitizenCluster()
    {
        Sender = new RecordingWhatsApp(new EventClock(), new SandboxWhatsAppSender(Delivered, Time));
        Replies = new CitizenReplies(Options.Create(Service));
    }

    /// <summary>A number no other test uses.</summary>
    public static string NewNumber() => $"39333{Interlocked.Increment(ref _nextNumber):D7}";

    /// <summary>The subscriber grain of a number.</summary>
    public ISubscriberGrain Subscriber(string number) => Client.GetGrain<ISubscriberGrain>(number);

    /// <summary>Whether the audience index holds the number.</summary>
    public Task<bool> InAudienceAsync(string number)
    {
        var key = PhoneNumbers.ToKey(number);
        return Client.GetGrain<IAudienceShardGrain>(Audience.AudienceSharding.ShardOf(key, ShardCount)).ContainsAsync(key);
    }

    /// <summary>The texts that reached a number, oldest first.</summary>
    public IReadOnlyList<string> TextsTo(string number) => Delivered.List(number).Select(m => m.Text).ToList();

    /// <summary>Waits until the number owes no reply any more and returns its state.</summary>
    public Task<SubscriberView> SettledAsync(string number) =>
        Eventually.UntilAsync(() => Subscriber(number).GetAsync(), view => view.PendingReplies == 0, $"every reply to {number} handed to WhatsApp");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _cluster = await VimercateCluster.StartAsync(new VimercateClusterOptions
        {
            Time = Time,
            TimersFollowTime = true,
                        Transport = (_, silo) => Sender.For(silo),
            StorageFaults = Storage,
            CallFilters = [Faults],
            BeforeProduct = services =>
            {
                services.AddSingleton(AudienceRows);
                services.AddSingleton(provider => Storage.WrapAudience(AudienceRows, provider.GetRequiredService<IGrainFactory>()));
            },
            ConfigureSilo = silo => silo.Services.AddSingleton(Delivered),
        });
        ShardCount = Cluster.GetSiloServiceProvider().GetRequiredService<IOptions<AudienceOptions>>().Value.ShardCount;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

/// <summary>Tests of one number at a time; they share one cluster and one clock, so they run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class CitizenCollection : ICollectionFixture<CitizenCluster>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "citizen";
}

/// <summary>Tests that count the whole audience: a cluster of their own, so no other test's numbers are in it.</summary>
[CollectionDefinition(Name)]
public sealed class AudienceCollection : ICollectionFixture<CitizenCluster>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "audience";
}
