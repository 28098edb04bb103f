namespace Vimercate.Api.Console;

/// <summary>How the press office console's live updates are paced (section <c>Console</c>); the defaults suit production.</summary>
public sealed class ConsoleOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Console";

    /// <summary>How often a live stream reads campaigns and the quota from the grains; only changes are pushed.</summary>
    public TimeSpan UpdateInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often the overview stream reads the subscriber statistics (one call per audience shard and day).</summary>
    public TimeSpan StatisticsInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the citizen simulator's stream looks for new sandbox messages.</summary>
    public TimeSpan SandboxInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A stream that has pushed nothing for this long sends a ping, so proxies keep the connection open.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many of the latest campaigns the overview follows.</summary>
    public int OverviewCampaigns { get; set; } = 8;

    /// <summary>How many days the subscriber growth chart shows.</summary>
    public int GrowthDays { get; set; } = 30;
}
