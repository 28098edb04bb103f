namespace Vimercate.Throughput;

/// <summary>Which of the asked numbers may get a campaign message now.</summary>
/// <param name="Admitted">One flag per number asked, in order.</param>
/// <param name="RetryAfter">When some were refused: how long until the rolling window frees a place.</param>
[GenerateSerializer, Immutable, Alias("vimercate.DailyAdmission")]
public sealed record DailyAdmission(
    [property: Id(0)] bool[] Admitted,
    [property: Id(1)] TimeSpan RetryAfter);

/// <summary>The daily recipient limit of one business number: distinct citizens reached by campaigns in a rolling 24 hours (key: as the limiter's).</summary>
[Alias("vimercate.IDailyRecipientsGrain")]
public interface IDailyRecipientsGrain : IGrainWithStringKey
{
    /// <summary>Counts each number not counted in the last 24 hours, while the limit allows; a number counted already stays counted, from now.</summary>
    Task<DailyAdmission> AdmitAsync(ulong[] numbers);

    /// <summary>How many distinct citizens are counted now.</summary>
    Task<int> CountAsync();
}

/// <summary>Numbers and the minute each was counted in (minutes since 1970, UTC).</summary>
/// <param name="Numbers">The numbers.</param>
/// <param name="Minutes">The minute of each number's latest campaign message.</param>
[GenerateSerializer, Immutable, Alias("vimercate.DailyEntries")]
public sealed record DailyEntries(
    [property: Id(0)] ulong[] Numbers,
    [property: Id(1)] int[] Minutes);

/// <summary>One stored segment of the numbers a <see cref="IDailyRecipientsGrain"/> counted (key: "{limiter key}/{segment}").</summary>
[Alias("vimercate.IDailyRecipientSegmentGrain")]
public interface IDailyRecipientSegmentGrain : IGrainWithStringKey
{
    /// <summary>Adds entries and writes the segment.</summary>
    Task AppendAsync(DailyEntries entries);

    /// <summary>Every entry of the segment.</summary>
    Task<DailyEntries> ReadAsync();

    /// <summary>Deletes the segment: all its numbers left the window.</summary>
    Task ClearAsync();
}
