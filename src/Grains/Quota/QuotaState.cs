using Vimercate.Abstractions;

namespace Vimercate.Quota;

/// <summary>The persistent state of a <see cref="QuotaGrain"/>: the week's reservations, oldest first.</summary>
[GenerateSerializer, Alias("vimercate.QuotaState")]
public sealed class QuotaState
{
    /// <summary>Every slot held this week.</summary>
    [Id(0)]
    public List<QuotaReservation> Reservations { get; set; } = [];
}
