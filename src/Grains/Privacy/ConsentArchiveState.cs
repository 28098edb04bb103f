using Vimercate.Abstractions;

namespace Vimercate.Privacy;

/// <summary>The persistent state of one number's archived consent (<see cref="ConsentArchiveGrain"/>).</summary>
[GenerateSerializer, Alias("vimercate.ConsentArchiveState")]
public sealed class ConsentArchiveState
{
    /// <summary>Every archived consent record, oldest first, without duplicates.</summary>
    [Id(0)]
    public List<ConsentEvent> History { get; set; } = [];

    /// <summary>The latest closing of the history; the retention counts from here.</summary>
    [Id(1)]
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>Timestamp of the newest message that decided the consent.</summary>
    [Id(2)]
    public DateTimeOffset? ConsentDecidedAt { get; set; }
}
