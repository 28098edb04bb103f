using Vimercate.Abstractions;
using Vimercate.Privacy;

namespace Vimercate.Api.Webhook;

/// <summary>
/// Hands inbound messages to their <see cref="ISubscriberGrain"/>, for the webhook and the sandbox alike:
/// one number's messages one after the other in payload order, different numbers at the same time.
/// </summary>
public sealed partial class InboundProcessor(IGrainFactory grains, ILogger<InboundProcessor> logger)
{
    /// <summary>How many numbers are handled at the same time.</summary>
    public const int MaxConcurrentNumbers = 32;

    /// <summary>Returns the outcomes in input order once every message is handled; throws <see cref="InboundProcessingException"/> when any failed.</summary>
    public async Task<IReadOnlyList<InboundOutcome>> ProcessAsync(IReadOnlyList<InboundMessage> messages)
    {
        var outcomes = new InboundOutcome[messages.Count];
        var failures = 0;
        using var gate = new SemaphoreSlim(MaxConcurrentNumbers);

        async Task HandleNumberAsync(IGrouping<string, (InboundMessage Message, int Index)> number)
        {
            await gate.WaitAsync();
            try
            {
                foreach (var (message, index) in number)
                {
                    try
                    {
                        outcomes[index] = await grains.GetGrain<ISubscriberGrain>(number.Key).HandleAsync(message);
                        LogHandled(logger, message.Wamid, PhoneNumbers.Mask(message.From), outcomes[index]);
                    }
                    catch (Exception exception)
                    {
                        Interlocked.Increment(ref failures);
                        LogFailed(logger, message.Wamid, PhoneNumbers.Mask(message.From), LogRedaction.Scrub(exception.ToString()));
                        return;
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }

        var byNumber = messages.Select((message, index) => (Message: message, Index: index)).GroupBy(item => item.Message.From);
        await Task.WhenAll(byNumber.Select(HandleNumberAsync));
        if (failures > 0)
        {
            throw new InboundProcessingException($"{failures} of {messages.Count} inbound messages could not be handled now.");
        }

        return outcomes;
    }

    [LoggerMessage(EventId = 4200, Level = LogLevel.Debug, Message = "Inbound message {Wamid} from {From}: {Outcome}")]
    private static partial void LogHandled(ILogger logger, string wamid, string from, InboundOutcome outcome);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Error, Message = "Inbound message {Wamid} from {From} could not be handled: {Error}")]
    private static partial void LogFailed(ILogger logger, string wamid, string from, string error);
}
