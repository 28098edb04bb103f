using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Vimercate.Broadcasts.Tests.Infrastructure;

/// <summary>One silo on a fake clock, for the quota, the index and the limiter's arithmetic.</summary>
public sealed class ClockedCluster : IAsyncLifetime
{
    /// <summary>The clock grains read (Wednesday 25 November 2026, 10:00 UTC, at the start).</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));

    /// <summary>The cluster.</summary>
    public TestCluster Cluster { get; private set; } = null!;

    /// <summary>The silo's campaign scheduler.</summary>
    public CampaignScheduler Scheduler => Cluster.Cluster.GetSiloServiceProvider().GetRequiredService<CampaignScheduler>();

    /// <inheritdoc />
    public async Task InitializeAsync() =>
        Cluster = await TestCluster.StartAsync(new TestClusterSettings { Silos = 1, Time = Time, DailyRecipientLimit = 5000 });

    /// <inheritdoc />
    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>Tests on the fake clock: they move it, so they run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class ClockedCollection : ICollectionFixture<ClockedCluster>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "clocked";
}

/// <summary>Two silos on the real clock sending real campaigns to the fake WhatsApp.</summary>
public sealed class SendingCluster : IAsyncLifetime
{
    /// <summary>The cluster.</summary>
    public TestCluster Cluster { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync() => Cluster = await TestCluster.StartAsync(new TestClusterSettings { Silos = 2 });

    /// <inheritdoc />
    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>Campaign tests that share one two-silo cluster; each counts only its own campaign and numbers.</summary>
[CollectionDefinition(Name)]
public sealed class SendingCollection : ICollectionFixture<SendingCluster>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "sending";
}

/// <summary>Tests that measure time at the fake Graph API: they run alone, after the others, so no other test steals their CPU.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "timing";
}
