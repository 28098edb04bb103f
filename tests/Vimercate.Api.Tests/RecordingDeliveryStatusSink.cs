using System.Collections.Concurrent;
using Vimercate.Abstractions;
using Vimercate.Messaging;

namespace Vimercate.Api.Tests;

/// <summary>Keeps every status batch the webhook hands over; refuses batches that carry <see cref="UnavailableWamid"/>.</summary>
public sealed class RecordingDeliveryStatusSink : IDeliveryStatusSink
{
    /// <summary>A status with this wamid makes the sink fail, as a store that is down would.</summary>
    public const string UnavailableWamid = "wamid.SINK-UNAVAILABLE";

    private readonly ConcurrentQueue<DeliveryStatusUpdate> _updates = new();

    public IReadOnlyList<DeliveryStatusUpdate> Updates => [.. _updates];

    public Task AcceptAsync(IReadOnlyList<DeliveryStatusUpdate> updates)
    {
        if (updates.Any(u => u.Wamid == UnavailableWamid))
        {
            return Task.FromException(new InvalidOperationException("The status store is unavailable."));
        }

        foreach (var update in updates)
        {
            _updates.Enqueue(update);
        }

        return Task.CompletedTask;
    }
}
