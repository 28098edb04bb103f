using System.Collections.Concurrent;
using Vimercate.Audience;
using Vimercate.Testing.Cluster;

namespace Vimercate.Grains.Tests.Infrastructure;

/// <summary>Fails (InvalidOperationException, "Injected fault") the next audience shard call of a given method for a given number, to stand in for a crash mid-way.</summary>
public sealed class AudienceFaults : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<(string Method, ulong Number), FaultTiming> _armed = new();

    /// <summary>Arms one fault for the next <paramref name="method"/> call (AddAsync, RemoveAsync) about <paramref name="number"/>.</summary>
    public void FailNext(string method, ulong number, FaultTiming timing) => _armed[(method, number)] = timing;

    /// <inheritdoc />
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.Grain is not AudienceShardGrain || context.Request.GetArgumentCount() != 1 || context.Request.GetArgument(0) is not ulong number
            || !_armed.TryRemove((context.ImplementationMethod.Name, number), out var timing))
        {
            await context.Invoke();
            return;
        }

        if (timing == FaultTiming.After)
        {
            await context.Invoke();
        }

        throw new InvalidOperationException($"Injected fault {timing} {context.ImplementationMethod.Name}.");
    }
}
