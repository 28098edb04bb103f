namespace Vimercate.Idempotency;

/// <summary>Persistent state of an <see cref="IdempotencyGrain"/>.</summary>
[GenerateSerializer, Alias("vimercate.IdempotencyState")]
public sealed class IdempotencyState
{
    /// <summary>What the key stands for; null until first claimed.</summary>
    [Id(0)]
    public IdempotencyRecord? Record { get; set; }

    /// <summary>When the key was first claimed.</summary>
    [Id(1)]
    public DateTimeOffset? ClaimedAt { get; set; }
}
