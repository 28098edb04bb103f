using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Vimercate.Abstractions;
using Vimercate.Broadcasts;
using Vimercate.Hosting;
using Vimercate.Messaging;
using Vimercate.Throughput;

namespace Vimercate.Previews;

/// <summary>
/// A test send: the draft in the shape its campaign would have (template, text or media), to subscribed staff phones,
/// through the same rate-limited sender as the replies; it keeps no state, so a crash mid-way at worst leaves some
/// phones with the message and the press office asks again (docs/design/press-office-sends.md).
/// </summary>
[StatelessWorker]
[GrainType("campaignpreview")]
public sealed partial class CampaignPreviewGrain(
    IWhatsAppSender sender,
    IOptions<WhatsAppOptions> whatsApp,
    ILogger<CampaignPreviewGrain> logger) : Grain, ICampaignPreviewGrain
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<PreviewDelivery>> SendAsync(CampaignDraft draft, IReadOnlyList<string> numbers)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(numbers);

        // No campaign id goes with it, so WhatsApp's statuses for it belong to no campaign and no daily recipient slot is
        // taken; the limiter serves it as a reply, because the press office waits for it and a running campaign must not.
        var shape = CampaignMessage.For("preview", draft, whatsApp.Value);
        var deliveries = new List<PreviewDelivery>(numbers.Count);
        foreach (var number in numbers.Distinct(StringComparer.Ordinal))
        {
            if (!PhoneNumbers.IsValid(number) || !(await GrainFactory.GetGrain<ISubscriberGrain>(number).GetAsync()).IsSubscribed)
            {
                deliveries.Add(new PreviewDelivery(number, PreviewOutcome.NotSubscribed));
                continue;
            }

            var result = await sender.SendAsync(shape.To(PhoneNumbers.ToKey(number), SendPriority.Reply) with { CampaignId = null });
            var outcome = result.Outcome switch
            {
                SendOutcome.Sent => PreviewOutcome.Sent,
                SendOutcome.RetryLater => PreviewOutcome.NotSentNow,
                SendOutcome.Unknown => PreviewOutcome.Unknown,
                _ => PreviewOutcome.Failed,
            };
            LogPreview(logger, PhoneNumbers.Mask(number), draft.Category, result.Outcome, result.ErrorCode);
            deliveries.Add(new PreviewDelivery(number, outcome, outcome == PreviewOutcome.Sent ? null : result.ErrorCode));
        }

        return deliveries;
    }

    [LoggerMessage(EventId = 5401, Level = LogLevel.Information, Message = "Test send of a {Category} draft to {Number}: {Outcome} (code {ErrorCode})")]
    private static partial void LogPreview(ILogger logger, string number, CampaignCategory category, SendOutcome outcome, int? errorCode);
}
