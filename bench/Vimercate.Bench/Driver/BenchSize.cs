namespace Vimercate.Bench.Driver;

/// <summary>How much each benchmark does: <c>quick</c> is a smoke run of about two minutes, <c>full</c> is the record.</summary>
/// <param name="Name">quick or full.</param>
/// <param name="BaselineMessages">Requests of one baseline run (it also stops after <paramref name="PhaseLimit"/>).</param>
/// <param name="BaselineConcurrency">Concurrent requests of the baseline runs that look for the machine's limit.</param>
/// <param name="FanOutAudiences">Audience sizes of the fan-out runs, embedded.</param>
/// <param name="PostgresFanOutAudiences">Audience sizes of the fan-out runs on PostgreSQL.</param>
/// <param name="StatusUpdates">Signed status webhooks of the saturation run.</param>
/// <param name="StatusRate">Offered rate of the latency run, statuses per second.</param>
/// <param name="StatusRateSeconds">Length of the latency run.</param>
/// <param name="PostgresStatusUpdates">Signed status webhooks of the saturation run on PostgreSQL (quick runs no paced run there).</param>
/// <param name="InboundMessages">Signed opt-in webhooks of the inbound saturation run.</param>
/// <param name="OptIns">Citizens of the opt-in latency run.</param>
/// <param name="OptInRate">Opt-ins per second of the latency run.</param>
/// <param name="MemoryAudience">Numbers added to the audience for the memory measurement.</param>
/// <param name="PhaseLimit">No phase runs longer than this.</param>
public sealed record BenchSize(
    string Name,
    int BaselineMessages,
    int[] BaselineConcurrency,
    int[] FanOutAudiences,
    int[] PostgresFanOutAudiences,
    int StatusUpdates,
    int StatusRate,
    int StatusRateSeconds,
    int PostgresStatusUpdates,
    int InboundMessages,
    int OptIns,
    int OptInRate,
    int MemoryAudience,
    TimeSpan PhaseLimit)
{
    /// <summary>The size named on the command line.</summary>
    public static BenchSize Of(string name) => name switch
    {
        "quick" => new("quick", 40_000, [16, 64, 256], [100_000], [20_000], 30_000, 5_000, 5, 3_000, 2_000, 200, 40, 1_000_000, TimeSpan.FromSeconds(60)),
        "full" => new("full", 200_000, [16, 64, 256, 1024], [100_000, 1_000_000], [100_000], 300_000, 5_000, 30, 30_000, 20_000, 2_000, 50, 1_000_000, TimeSpan.FromMinutes(10)),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "quick or full"),
    };
}
