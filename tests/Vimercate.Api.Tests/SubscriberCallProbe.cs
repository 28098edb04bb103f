using Vimercate.Abstractions;

namespace Vimercate.Api.Tests;

/// <summary>Watches the calls to <see cref="ISubscriberGrain.HandleAsync"/> as they leave the caller: how many per number are in flight at once, and which numbers overlap.</summary>
public sealed class SubscriberCallProbe : IOutgoingGrainCallFilter
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _inFlight = [];
    private readonly Dictionary<string, int> _maxInFlight = [];
    private readonly HashSet<(string, string)> _overlaps = [];

    /// <summary>The most calls for one number that were in flight at the same time.</summary>
    public int MaxConcurrentCalls(string number)
    {
        lock (_lock)
        {
            return _maxInFlight.GetValueOrDefault(number);
        }
    }

    /// <summary>Whether a call for one number started while a call for the other was in flight.</summary>
    public bool Overlapped(string first, string second)
    {
        lock (_lock)
        {
            return _overlaps.Contains((first, second)) || _overlaps.Contains((second, first));
        }
    }

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.InterfaceMethod is not { Name: nameof(ISubscriberGrain.HandleAsync) } method || method.DeclaringType != typeof(ISubscriberGrain))
        {
            await context.Invoke();
            return;
        }

        var number = context.TargetId.Key.ToString();
        lock (_lock)
        {
            var inFlight = _inFlight.GetValueOrDefault(number) + 1;
            _inFlight[number] = inFlight;
            _maxInFlight[number] = Math.Max(_maxInFlight.GetValueOrDefault(number), inFlight);
            foreach (var (other, count) in _inFlight)
            {
                if (other != number && count > 0)
                {
                    _overlaps.Add((number, other));
                }
            }
        }

        try
        {
            await context.Invoke();
        }
        finally
        {
            lock (_lock)
            {
                _inFlight[number]--;
            }
        }
    }
}
