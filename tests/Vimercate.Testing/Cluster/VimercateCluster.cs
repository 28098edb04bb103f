using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
using Vimercate.Audience;
using Vimercate.Hosting;
using Vimercate.Messaging;
using Vimercate.Throughput;

namespace Vimercate.Testing.Cluster;

/// <summary>How a <see cref="VimercateCluster"/> differs from production; everything not named here is the product's own silo.</summary>
public sealed record VimercateClusterOptions
{
    /// <summary>How many silos.</summary>
    public int Silos { get; init; } = 1;

    /// <summary>Configuration every silo starts with, under the product's keys (e.g. <c>WhatsApp:Mode</c>, <c>Audience:ShardCount</c>).</summary>
    public IReadOnlyDictionary<string, string?> Configuration { get; init; } = new Dictionary<string, string?>();

    /// <summary>The clock grains read (<see cref="TimeProvider"/>); null for the system clock. Orleans' own housekeeping keeps real time.</summary>
    public FakeTimeProvider? Time { get; init; }

    /// <summary>Whether the send limiter follows <see cref="Time"/> too (tests of its arithmetic); otherwise it keeps real time.</summary>
    public bool LimiterFollowsTime { get; init; }

    /// <summary>Whether grain timers and reminders follow <see cref="Time"/> too (tests that move the clock by days); otherwise they keep real time.</summary>
    public bool TimersFollowTime { get; init; }

    /// <summary>
    /// The innermost WhatsApp transport of each silo (given the silo's services and name), registered under the product's
    /// transport key in place of the sandbox; the product's limiter and metrics wrap it as they wrap the real one. Null:
    /// what <c>WhatsApp:Mode</c> says (Cloud mode sends over HTTP, e.g. to a <see cref="Graph.FakeGraphApi"/>).
    /// </summary>
    public Func<IServiceProvider, string, IWhatsAppSender>? Transport { get; init; }

    /// <summary>Keep grain state, reminders and the audience outside the silos (<see cref="VimercateCluster.Store"/>), as a database would, so a killed silo loses nothing.</summary>
    public bool SharedStorage { get; init; }

    /// <summary>Faults to inject into grain storage writes and clears (wrapping whichever storage the silos use); null: none.</summary>
    public StorageFaults? StorageFaults { get; init; }

    /// <summary>Grain call filters every silo runs (fault injection, observation).</summary>
    public IReadOnlyList<IIncomingGrainCallFilter> CallFilters { get; init; } = [];

    /// <summary>Services registered before the product's, which it keeps instead of its own (a store shared by the silos, wrapped in faults).</summary>
    public Action<IServiceCollection>? BeforeProduct { get; init; }

    /// <summary>Configuration of the cluster client (e.g. a shorter response timeout).</summary>
    public Action<IClientBuilder>? ConfigureClient { get; init; }

    /// <summary>Further silo configuration, applied after the product's (options that tests shorten, extra services).</summary>
    public Action<ISiloBuilder>? ConfigureSilo { get; init; }
}

/// <summary>
/// A real in-process Orleans cluster whose silos are configured by the product's <see cref="VimercateSiloExtensions.AddVimercateServices"/>,
/// with only the innermost WhatsApp transport substituted (before the product's sender pipeline, so its limiter and metrics
/// run in production order), optionally a fake clock, shared storage and reminders, storage faults and call filters.
/// </summary>
public sealed class VimercateCluster : IAsyncDisposable
{
    private static readonly string[] HousekeepingClocks =
    [
        TimeProviderNames.Messaging, TimeProviderNames.SystemTimers, TimeProviderNames.Membership,
        TimeProviderNames.ActivationManagement, TimeProviderNames.GrainDirectory, StreamingTimeProviderNames.Streaming,
    ];

    private static readonly string[] TimerClocks = [TimeProviderNames.Grains, ReminderTimeProviderNames.Reminders];

    private VimercateCluster(VimercateClusterOptions options, InProcessTestCluster cluster, SharedStore? store)
    {
        Options = options;
        Cluster = cluster;
        Store = store;
    }

    /// <summary>What the cluster was started with.</summary>
    public VimercateClusterOptions Options { get; }

    /// <summary>The Orleans test cluster.</summary>
    public InProcessTestCluster Cluster { get; }

    /// <summary>The cluster client.</summary>
    public IClusterClient Client => Cluster.Client;

    /// <summary>The grain state outside the silos, when <see cref="VimercateClusterOptions.SharedStorage"/> is on.</summary>
    public SharedStore? Store { get; }

    /// <summary>The services of the first silo.</summary>
    public IServiceProvider Services => Cluster.GetSiloServiceProvider();

    /// <summary>Starts the silos and the client.</summary>
    public static async Task<VimercateCluster> StartAsync(VimercateClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Transport is not null && options.Configuration.TryGetValue("WhatsApp:Mode", out var mode) && mode == "Cloud")
        {
            throw new ArgumentException("A substituted transport replaces the sandbox; in Cloud mode the product sends over HTTP.", nameof(options));
        }

        var store = options.SharedStorage ? new SharedStore() : null;
        var reminders = options.SharedStorage ? new SharedReminderTable() : null;
        var audience = options.SharedStorage ? new InMemoryAudienceStore() : null;
        var builder = new InProcessTestClusterBuilder((short)options.Silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(options.Configuration));
        builder.ConfigureSilo((_, silo) =>
        {
            UseClock(silo, options);
            if (options.Transport is { } transport)
            {
                // The product's pipeline keeps a transport registered before it and wraps it as it wraps the real one.
                silo.Services.AddKeyedSingleton(
                    MessagingServiceCollectionExtensions.Transport,
                    (provider, _) => transport(provider, provider.GetRequiredService<ILocalSiloDetails>().Name));
            }

            options.BeforeProduct?.Invoke(silo.Services);
            if (audience is not null)
            {
                // The audience lives in a table of its own in production: one store for every silo, unless the test brought one.
                silo.Services.TryAddSingleton<IAudienceStore>(audience);
            }

            silo.AddVimercateServices();
            if (store is not null && reminders is not null)
            {
                silo.Services.AddKeyedSingleton<IGrainStorage>(
                    ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME,
                    (provider, _) => new SharedGrainStorage(store, provider.GetRequiredService<Serializer>(), provider.GetRequiredService<ILocalSiloDetails>().Name));
                silo.Services.AddSingleton<IReminderTable>(reminders);
            }

            if (options.StorageFaults is { } faults)
            {
                var storage = silo.Services.Last(d => d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
                silo.Services.AddKeyedSingleton(
                    ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME,
                    (provider, key) => faults.Wrap((IGrainStorage)storage.KeyedImplementationFactory!(provider, key)));
            }

            foreach (var filter in options.CallFilters)
            {
                silo.AddIncomingGrainCallFilter(filter);
            }

            silo.Services.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
            });
            options.ConfigureSilo?.Invoke(silo);
        });
        if (options.ConfigureClient is { } configureClient)
        {
            builder.ConfigureClient(configureClient);
        }

        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return new VimercateCluster(options, cluster, store);
    }

    /// <summary>Kills a silo as a crash would: from now on it writes no state (with shared storage) and the cluster declares it dead.</summary>
    public async Task KillAsync(InProcessSiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        Store?.Dead.TryAdd(silo.Name, true);
        await Cluster.KillSiloAsync(silo);
    }

    /// <summary>The silo where <paramref name="grain"/> is active.</summary>
    public async Task<InProcessSiloHandle> HostOfAsync(IAddressable grain)
    {
        var statistics = await Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var host = statistics.Single(s => s.GrainId == grain.GetGrainId()).SiloAddress;
        return Cluster.Silos.Single(s => s.SiloAddress.Equals(host));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    private static void UseClock(ISiloBuilder silo, VimercateClusterOptions options)
    {
        if (options.Time is not { } time)
        {
            return;
        }

        silo.Services.AddSingleton<TimeProvider>(time);
        if (options.LimiterFollowsTime)
        {
            silo.Services.AddKeyedSingleton<TimeProvider>(ThroughputServiceCollectionExtensions.Clock, time);
        }

        foreach (var area in options.TimersFollowTime ? HousekeepingClocks : [.. HousekeepingClocks, .. TimerClocks])
        {
            silo.Services.AddKeyedSingleton(area, TimeProvider.System);
        }
    }
}
