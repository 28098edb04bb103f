using System.Collections.Concurrent;
using Vimercate.Abstractions;
using Vimercate.Messaging;

namespace Vimercate.Api.Tests;

/// <summary>Keeps every status batch the webhook hands over.</summary>
public sealed class RecordingDeliveryStatusSink : IDeliveryStatusSink
{
    private readonly ConcurrentQueue<DeliveryStatusUpdate> _updates = new();

    public IReadOnlyList<DeliveryStatusUpdate> Updates => [.. _updates];

    public Task AcceptAsync(IReadOnlyList<DeliveryStatusUpdate> updates)
    {
        foreach (var update in updates)
        {
            _updates.Enqueue(update);
        }

        return Task.CompletedTask;
    }
}
