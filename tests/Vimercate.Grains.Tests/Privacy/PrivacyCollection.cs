using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;
using Vimercate.Abstractions;
using Vimercate.Grains.Tests.Infrastructure;
using Vimercate.Hosting;
using Vimercate.Messaging;
using Vimercate.Privacy;
using Vimercate.Subscribers;
using Vimercate.Testing.Cluster;

namespace Vimercate.Grains.Tests.Privacy;

/// <summary>
/// A real in-process cluster configured by <see cref="VimercateSiloExtensions.AddVimercateServices"/>, on a fake clock that
/// retention tests move by years, and with every reminder kept armed in memory: Orleans loads a reminder only minutes
/// before its tick, from a refresh that runs on the same clock, so a jump of days would otherwise step over the tick.
/// </summary>
public sealed class PrivacyCluster : IAsyncLifetime
{
    private VimercateCluster? _cluster;

    /// <summary>The fake clock grains and reminders run on.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    /// <summary>What reached WhatsApp.</summary>
    public SandboxOutbox Delivered { get; } = new();

    /// <summary>The transport the silo sends through: the sandbox, unless a test scripted another answer.</summary>
    public RecordingWhatsApp Sender { get; }

    /// <summary>The cluster.</summary>
    public InProcessTestCluster Cluster => (_cluster ?? throw new InvalidOperationException("The cluster has not started.")).Cluster;

    /// <summary>The cluster client.</summary>
    public IClusterClient Client => Cluster.Client;

    private IServiceProvider Silo => Cluster.GetSiloServiceProvider();

    /// <summary>Creates the fixture; the cluster starts in <see cref="InitializeAsync"/>.</summary>
    public PrivacyCluster() => Sender = new RecordingWhatsApp(new EventClock(), new SandboxWhatsAppSender(Delivered, Time));

    /// <summary>The subscriber grain of a number.</summary>
    public ISubscriberGrain Subscriber(string number) => Client.GetGrain<ISubscriberGrain>(number);

    /// <summary>Whether the audience index holds the number.</summary>
    public Task<bool> InAudienceAsync(string number)
    {
        var key = PhoneNumbers.ToKey(number);
        var shards = Silo.GetRequiredService<IOptions<AudienceOptions>>().Value.ShardCount;
        return Client.GetGrain<IAudienceShardGrain>(Audience.AudienceSharding.ShardOf(key, shards)).ContainsAsync(key);
    }

    /// <summary>The texts that reached a number, oldest first.</summary>
    public IReadOnlyList<string> TextsTo(string number) => Delivered.List(number).Select(m => m.Text).ToList();

    /// <summary>Waits until the number owes no reply any more.</summary>
    public Task<SubscriberView> SettledAsync(string number) =>
        Eventually.UntilAsync(() => Subscriber(number).GetAsync(), view => view.PendingReplies == 0, $"every reply to {number} handed to WhatsApp");

    /// <summary>The name the silo gives a number's archive.</summary>
    public string HashOf(string number) => Silo.GetRequiredService<NumberHasher>().Hash(number);

    /// <summary>The archive grain of a number.</summary>
    public IConsentArchiveGrain ArchiveOf(string number) => Client.GetGrain<IConsentArchiveGrain>(HashOf(number));

    /// <summary>Whether grain storage holds the number's archive, read past the grain.</summary>
    public Task<bool> ArchiveStoredAsync(string number) => StoredAsync<ConsentArchiveState>("consentarchive", ArchiveOf(number).GetGrainId());

    /// <summary>Whether grain storage holds the number's plain state, read past the grain.</summary>
    public Task<bool> SubscriberStoredAsync(string number) => StoredAsync<SubscriberState>("subscriber", Subscriber(number).GetGrainId());

    /// <summary>When the archive's deletion reminder ticks next, or null when it has none.</summary>
    public async Task<DateTimeOffset?> ArchiveReminderDueAsync(string number)
    {
        var entry = await Silo.GetRequiredService<IReminderTable>().ReadRow(ArchiveOf(number).GetGrainId(), ConsentArchiveGrain.ReminderName);
        return entry is null ? null : new DateTimeOffset(DateTime.SpecifyKind(entry.StartAt, DateTimeKind.Utc));
    }

    /// <summary>The names of the reminders the reminder table holds for a number's grain, sorted.</summary>
    public async Task<IReadOnlyList<string>> RemindersOfAsync(string number)
    {
        var rows = await Silo.GetRequiredService<IReminderTable>().ReadRows(Subscriber(number).GetGrainId());
        return rows.Reminders.Select(entry => entry.ReminderName).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Writes a reminder row for a number's grain straight into the reminder table, as one left behind by a crash.</summary>
    public Task LeaveReminderAsync(string number, string name, TimeSpan period) =>
        Silo.GetRequiredService<IReminderTable>().UpsertRow(new ReminderEntry
        {
            GrainId = Subscriber(number).GetGrainId(),
            ReminderName = name,
            StartAt = Time.GetUtcNow().UtcDateTime + period,
            Period = period,
        });

    /// <inheritdoc />
    public async Task InitializeAsync() => _cluster = await VimercateCluster.StartAsync(new VimercateClusterOptions
    {
        Time = Time,
        TimersFollowTime = true,
                Transport = (_, silo) => Sender.For(silo),
        ConfigureSilo = silo =>
        {
            silo.Configure<ReminderOptions>(options => options.ReminderLoadingWindow = TimeSpan.FromDays(3650));
            silo.Services.AddSingleton(Delivered);
        },
    });

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    private async Task<bool> StoredAsync<T>(string stateName, GrainId grainId)
        where T : new()
    {
        var state = new GrainState<T>(new T());
        await Silo.GetRequiredKeyedService<IGrainStorage>("Default").ReadStateAsync(stateName, grainId, state);
        return state.RecordExists;
    }
}

/// <summary>Privacy tests share one cluster and one clock, so they run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class PrivacyCollection : ICollectionFixture<PrivacyCluster>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "privacy";
}
