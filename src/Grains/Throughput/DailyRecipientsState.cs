namespace Vimercate.Throughput;

/// <summary>Campaign recipients counted in one minute; persisted ahead of use, so a crash can only overcount.</summary>
/// <param name="Minute">The minute's start (UTC).</param>
/// <param name="Reserved">At least as many as were counted in that minute.</param>
[GenerateSerializer, Immutable, Alias("vimercate.DailyBucket")]
public sealed record DailyBucket(
    [property: Id(0)] DateTimeOffset Minute,
    [property: Id(1)] int Reserved);

/// <summary>A stored segment of counted numbers: its id and the minute it was started in (its newest entry is no later).</summary>
/// <param name="Id">The segment's number in its key.</param>
/// <param name="Minute">Minutes since 1970 (UTC) when the segment was started.</param>
[GenerateSerializer, Immutable, Alias("vimercate.DailySegmentRef")]
public sealed record DailySegmentRef(
    [property: Id(0)] int Id,
    [property: Id(1)] int Minute);

/// <summary>The persistent state of a <see cref="DailyRecipientsGrain"/>: counts per minute written ahead, and where the numbers are.</summary>
[GenerateSerializer, Alias("vimercate.DailyRecipientsState")]
public sealed class DailyRecipientsState
{
    /// <summary>Minutes of the last 24 hours with counted recipients, oldest first.</summary>
    [Id(0)]
    public List<DailyBucket> Buckets { get; set; } = [];

    /// <summary>Segments holding the counted numbers of the last 24 hours, oldest first.</summary>
    [Id(1)]
    public List<DailySegmentRef> Segments { get; set; } = [];

    /// <summary>The id the next segment gets.</summary>
    [Id(2)]
    public int NextSegment { get; set; }
}

/// <summary>The persistent state of a <see cref="DailyRecipientSegmentGrain"/>.</summary>
[GenerateSerializer, Alias("vimercate.DailyRecipientSegmentState")]
public sealed class DailyRecipientSegmentState
{
    /// <summary>The numbers, in the order they were counted.</summary>
    [Id(0)]
    public List<ulong> Numbers { get; set; } = [];

    /// <summary>The minute each number was counted in.</summary>
    [Id(1)]
    public List<int> Minutes { get; set; } = [];
}
