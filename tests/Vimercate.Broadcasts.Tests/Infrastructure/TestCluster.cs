using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Reminders;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.Streams;
using Orleans.TestingHost;
using Vimercate.Abstractions;
using Vimercate.Audience;
using Vimercate.Hosting;
using Vimercate.Messaging;
using Vimercate.Throughput;

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

    /// <summary>The sender each silo uses, from the silo's services; null for the <see cref="RecordingWhatsAppSender"/>.</summary>
    public Func<IServiceProvider, IWhatsAppSender>? Sender { get; init; }
}

/// <summary>
/// A real in-process Orleans cluster whose silos share what a database would hold (grain state, reminders) and one fake
/// WhatsApp, so a silo can be killed without losing what it wrote, and every message is counted wherever it was sent.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly SharedStore _store;

    private TestCluster(TestClusterSettings settings, InProcessTestCluster cluster, RecordingWhatsAppSender recorder, AudienceWalkRecorder walks, EventClock clock, SharedStore store, StoreFaults faults)
    {
        _store = store;
        Faults = faults;
        Settings = settings;
        Cluster = cluster;
        Recorder = recorder;
        Walks = walks;
        Clock = clock;
    }

    /// <summary>The settings the cluster runs with.</summary>
    public TestClusterSettings Settings { get; }

    /// <summary>The Orleans test cluster.</summary>
    public InProcessTestCluster Cluster { get; }

    /// <summary>The cluster client.</summary>
    public IClusterClient Client => Cluster.Client;

    /// <summary>The fake WhatsApp that campaign messages reach (unless the settings gave another sender).</summary>
    public RecordingWhatsAppSender Recorder { get; }

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
        var recorder = new RecordingWhatsAppSender(clock);
        var walks = new AudienceWalkRecorder(clock);
        var store = new SharedStore();
        var reminders = new SharedReminderTable();
        var faults = new StoreFaults();
        var audience = new FaultingAudienceStore(new InMemoryAudienceStore(), faults);
        var sender = settings.Sender ?? (provider => recorder.For(provider.GetRequiredService<ILocalSiloDetails>().Name));
        var builder = new InProcessTestClusterBuilder((short)settings.Silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(settings.Configuration));
        var cloud = settings.Configuration.TryGetValue("WhatsApp:Mode", out var mode) && mode == "Cloud";
        builder.ConfigureSilo((_, silo) =>
        {
            if (settings.Time is { } time)
            {
                silo.Services.AddSingleton<TimeProvider>(time);
                silo.Services.AddKeyedSingleton<TimeProvider>(ThroughputServiceCollectionExtensions.Clock, time);
                foreach (var area in new[]
                {
                    TimeProviderNames.Grains, TimeProviderNames.Messaging, TimeProviderNames.SystemTimers, TimeProviderNames.Membership,
                    TimeProviderNames.ActivationManagement, TimeProviderNames.GrainDirectory, StreamingTimeProviderNames.Streaming,
                    ReminderTimeProviderNames.Reminders,
                })
                {
                    silo.Services.AddKeyedSingleton(area, TimeProvider.System);
                }
            }

            if (!cloud)
            {
                silo.Services.AddKeyedSingleton<IWhatsAppSender>(MessagingServiceCollectionExtensions.Transport, (provider, _) => sender(provider));
            }

            silo.Services.AddSingleton<IAudienceStore>(audience);
            silo.AddVimercateServices();
            silo.Services.AddKeyedSingleton<IGrainStorage>(
                ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME,
                (provider, _) => new SharedGrainStorage(store, provider.GetRequiredService<Serializer>(), provider.GetRequiredService<ILocalSiloDetails>().Name));
            silo.Services.AddSingleton<IReminderTable>(reminders);
            silo.AddIncomingGrainCallFilter(walks);
            silo.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            silo.Services.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
            });
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
        });
        builder.ConfigureClient(client => client.Services.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10)));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new TestCluster(settings, cluster, recorder, walks, clock, store, faults);
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
        _store.Dead[silo.Name] = true;
        Recorder.Dead[silo.Name] = true;
        await Cluster.KillSiloAsync(silo);
    }

    /// <summary>The silo where <paramref name="grain"/> is active.</summary>
    public async Task<InProcessSiloHandle> HostOfAsync(IAddressable grain)
    {
        var statistics = await Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var host = statistics.Single(s => s.GrainId == grain.GetGrainId()).SiloAddress;
        return Cluster.Silos.Single(s => s.SiloAddress.Equals(host));
    }

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
    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
