using System.Collections.Concurrent;
using Vimercate.Abstractions;
using Vimercate.Testing.Cluster;

namespace Vimercate.Broadcasts.Tests.Infrastructure;

/// <summary>One step of a campaign's walk: the numbers an audience shard returned and when the call began.</summary>
/// <param name="StartedAt">The order position when the audience shard began the call.</param>
/// <param name="Numbers">The members returned.</param>
public sealed record WalkStep(long StartedAt, ulong[] Numbers);

/// <summary>Watches every <see cref="IAudienceShardGrain.GetMembersAfterAsync"/> call in the cluster (an incoming grain call filter).</summary>
public sealed class AudienceWalkRecorder(EventClock clock) : IIncomingGrainCallFilter
{
    private readonly ConcurrentQueue<WalkStep> _steps = new();

    /// <summary>Every walk step so far.</summary>
    public IReadOnlyList<WalkStep> Steps => [.. _steps];

    /// <summary>The earliest order position at which a walk step returned <paramref name="number"/>, or null.</summary>
    public long? FirstReached(ulong number) =>
        _steps.Where(s => Array.BinarySearch(s.Numbers, number) >= 0).Select(s => (long?)s.StartedAt).Min();

    /// <inheritdoc />
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.Name != nameof(IAudienceShardGrain.GetMembersAfterAsync))
        {
            await context.Invoke();
            return;
        }

        var started = clock.Next();
        await context.Invoke();
        _steps.Enqueue(new WalkStep(started, (ulong[])context.Result!));
    }
}
