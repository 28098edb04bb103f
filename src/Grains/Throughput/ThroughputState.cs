namespace Vimercate.Throughput;

/// <summary>Business-initiated messages counted in one minute; persisted ahead of use, so a crash can only overcount.</summary>
/// <param name="Minute">The minute's start (UTC).</param>
/// <param name="Reserved">At least as many as were granted in that minute.</param>
[GenerateSerializer, Immutable, Alias("vimercate.DailyBucket")]
public sealed record DailyBucket(
    [property: Id(0)] DateTimeOffset Minute,
    [property: Id(1)] int Reserved);

/// <summary>The persistent state of a <see cref="ThroughputGrain"/>: the rolling 24 hours of the daily recipient limit.</summary>
[GenerateSerializer, Alias("vimercate.ThroughputState")]
public sealed class ThroughputState
{
    /// <summary>Minutes of the last 24 hours with business-initiated messages, oldest first.</summary>
    [Id(0)]
    public List<DailyBucket> Buckets { get; set; } = [];
}
