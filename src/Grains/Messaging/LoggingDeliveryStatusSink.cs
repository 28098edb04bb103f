using Microsoft.Extensions.Logging;
using Vimercate.Abstractions;

namespace Vimercate.Messaging;

/// <summary>The default <see cref="IDeliveryStatusSink"/>: writes counts and failures to the debug log and keeps nothing.</summary>
public sealed partial class LoggingDeliveryStatusSink(ILogger<LoggingDeliveryStatusSink> logger) : IDeliveryStatusSink
{
    /// <inheritdoc />
    public Task AcceptAsync(IReadOnlyList<DeliveryStatusUpdate> updates)
    {
        if (!logger.IsEnabled(LogLevel.Debug))
        {
            return Task.CompletedTask;
        }

        var sent = 0;
        var delivered = 0;
        var read = 0;
        var failed = 0;
        foreach (var update in updates)
        {
            switch (update.Status)
            {
                case DeliveryStatus.Sent:
                    sent++;
                    break;
                case DeliveryStatus.Delivered:
                    delivered++;
                    break;
                case DeliveryStatus.Read:
                    read++;
                    break;
                case DeliveryStatus.Failed:
                    failed++;
                    LogFailure(logger, update.Wamid, PhoneNumbers.Mask(update.RecipientId), update.ErrorCode);
                    break;
            }
        }

        LogCounts(logger, updates.Count, sent, delivered, read, failed);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug,
        Message = "Delivery statuses received: {Total} ({Sent} sent, {Delivered} delivered, {Read} read, {Failed} failed)")]
    private static partial void LogCounts(ILogger logger, int total, int sent, int delivered, int read, int failed);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Message {Wamid} to {Recipient} failed with code {ErrorCode}")]
    private static partial void LogFailure(ILogger logger, string wamid, string recipient, int? errorCode);
}
