using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.TestingHost;
using Vimercate.Abstractions;
using Vimercate.Audience;
using Vimercate.Hosting;
using Vimercate.Testing.Cluster;

namespace Vimercate.Broadcasts.Tests.Infrastructure;

/// <summary>How a test cluster is set up; every silo gets the product's <see cref="VimercateSiloExtensions.AddVimercateServices"/>.</summary>
public sealed class TestClusterSettings
{
    /// <summary>How many silos.</summary>
    public int Silos { get; init; } = 2;

    /// <summary>The clock grains read; null for the system clock. Orleans' timers and reminders keep real time.</summary>
    public FakeTimeProvider? Time { get; init; }

    /// <summary>WhatsApp:MessagesPerSecond.</summary>
    public int MessagesPerSecond { get; init; } = 2000;

    /// <summary>Audience:ShardCount.</summary>
    public int ShardCount { get; init; } = 16;

    /// <summary>Broadcasts:BatchSize.</summary>
    public int BatchSize { get; init; } = 50;

    /// <summary>WhatsApp:DailyRecipientLimit.</summary>
    public int? DailyRecipientLimit { get; init; }

    /// <summary>Configuration every silo starts with (e.g. WhatsApp:Mode Cloud and the fake Graph API's address).</summary>
    public IReadOnlyDictionary<string, string?> Configuration { get; init; } = new Dictionary<string, string?>();

}

/// <summary>
/// The kit's <see cref="VimercateCluster"/> with what campaign tests share: silos whose state and reminders live outside
/// them (a silo can be killed without losing what it wrote), one recording WhatsApp, and a record of every audience walk.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly VimercateCluster _cluster;

    private TestCluster(TestClusterSettings settings, VimercateCluster cluster, RecordingWhatsApp recorder, AudienceWalkRecorder walks, EventClock clock, StoreFaults faults)
    {
        _cluster = cluster;
        Settings = settings;
        Recorder = recorder;
        Walks = walks;
        Clock = clock;
        Faults = faults;
    }

    /// <summary>The settings the cluster runs with.</summary>
    public TestClusterSettings Settings { get; }

    /// <summary>The Orleans test cluster.</summary>
    public InProcessTestCluster Cluster => _cluster.Cluster;

    /// <summary>The cluster client.</summary>
    public IClusterClient Client => _cluster.Client;

    /// <summary>The fake WhatsApp that campaign messages reach (unless the settings gave another sender).</summary>
    public RecordingWhatsApp Recorder { get; }

    /// <summary>Every step of every campaign's walk.</summary>
    public AudienceWalkRecorder Walks { get; }

    /// <summary>The order of test events.</summary>
    public EventClock Clock { get; }

    /// <summary>Writes of the broadcast stores a test makes fail.</summary>
    public StoreFaults Faults { get; }

    /// <summary>Starts a cluster.</summary>
    public static async Task<TestCluster> StartAsync(TestClusterSettings settings)
    {
        var clock = new EventClock();
        var recorder = new RecordingWhatsApp(clock);
        var walks = new AudienceWalkRecorder(clock);
        var faults = new StoreFaults();
        var audience = new FaultingAudienceStore(new InMemoryAudienceStore(), faults);
        var cloud = settings.Configuration.TryGetValue("WhatsApp:Mode", out var mode) && mode == "Cloud";
        var cluster = await VimercateCluster.StartAsync(new VimercateClusterOptions
        {
            Silos = settings.Silos,
            Configuration = settings.Configuration,
            Time = settings.Time,
            LimiterFollowsTime = settings.Time is not null,
            SharedStorage = true,
            Transport = cloud ? null : (_, silo) => recorder.For(silo),
            CallFilters = [walks],
            BeforeProduct = services => services.AddSingleton<IAudienceStore>(audience),
            ConfigureClient = client => client.Services.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10)),
            ConfigureSilo = silo =>
            {
                silo.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
                silo.Services.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
                silo.Services.Configure<WhatsAppOptions>(o =>
                {
                    o.MessagesPerSecond = settings.MessagesPerSecond;
                    o.DailyRecipientLimit = settings.DailyRecipientLimit;
                });
                silo.Services.Configure<AudienceOptions>(o => o.ShardCount = settings.ShardCount);
                silo.Services.Configure<BroadcastOptions>(o =>
                {
                    o.BatchSize = settings.BatchSize;
                    o.RetryDelay = TimeSpan.FromMilliseconds(300);
                    o.StallTimeout = TimeSpan.FromSeconds(2);
                    o.WatchInterval = TimeSpan.FromSeconds(1);
                    o.ReminderPeriod = TimeSpan.FromSeconds(2);
                });
            },
        });
        return new TestCluster(settings, cluster, recorder, walks, clock, faults);
    }

    /// <summary>The audience shard that holds a number.</summary>
    public IAudienceShardGrain ShardOf(ulong number) => Client.GetGrain<IAudienceShardGrain>(AudienceSharding.ShardOf(number, Settings.ShardCount));

    /// <summary>Adds numbers to the audience, as opting in does.</summary>
    public async Task SubscribeAsync(IEnumerable<ulong> numbers)
    {
        foreach (var chunk in numbers.Chunk(200))
        {
            await Task.WhenAll(chunk.Select(n => ShardOf(n).AddAsync(n)));
        }
    }

    /// <summary>Takes a number out of the audience, the first step of opting out; returns the order position when it was done.</summary>
    public async Task<long> UnsubscribeAsync(ulong number)
    {
        await ShardOf(number).RemoveAsync(number);
        return Clock.Next();
    }

    /// <summary>Kills a silo as a crash would: from now on it neither writes state nor reaches WhatsApp.</summary>
    public async Task KillAsync(InProcessSiloHandle silo)
    {
        Recorder.Dead[silo.Name] = true;
        await _cluster.KillAsync(silo);
    }

    /// <summary>The silo where <paramref name="grain"/> is active.</summary>
    public Task<InProcessSiloHandle> HostOfAsync(IAddressable grain) => _cluster.HostOfAsync(grain);

    /// <summary>Deactivates every idle activation, so that the next call to a grain reads what its storage holds.</summary>
    public Task CollectActivationsAsync() => Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    /// <summary>A campaign grain.</summary>
    public IBroadcastGrain Campaign(string id) => Client.GetGrain<IBroadcastGrain>(id);

    /// <summary>Waits until the campaign is in one of the finished states and returns it.</summary>
    public Task<CampaignView> FinishedAsync(string id, TimeSpan timeout) =>
        Eventually.UntilAsync(
            async () => (await Campaign(id).GetAsync())!,
            view => view.Status is CampaignStatus.Completed or CampaignStatus.Cancelled or CampaignStatus.Failed,
            $"campaign {id} to finish",
            timeout);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _cluster.DisposeAsync();
}
