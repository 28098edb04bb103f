using Vimercate.Abstractions;
using Vimercate.Hosting;
using Vimercate.Messaging;
using Vimercate.Throughput;

namespace Vimercate.Broadcasts;

/// <summary>What every recipient of a campaign receives: the shape is fixed once, when the campaign starts.</summary>
/// <param name="Kind">Template, text, image or document.</param>
/// <param name="Text">Template body parameter, text body or caption.</param>
/// <param name="MediaUrl">The image or document link (a template's header, or the attachment itself).</param>
/// <param name="MediaFilename">Shown for documents.</param>
/// <param name="Template">The approved template, for <see cref="OutboundKind.Template"/>.</param>
/// <param name="CampaignId">Echoed by WhatsApp as biz_opaque_callback_data: it routes the statuses back.</param>
/// <param name="HeaderKind">For a template with a media header: whether the header is an image or a document.</param>
[GenerateSerializer, Immutable, Alias("vimercate.CampaignMessage")]
public sealed record CampaignMessage(
    [property: Id(0)] OutboundKind Kind,
    [property: Id(1)] string Text,
    [property: Id(2)] string? MediaUrl,
    [property: Id(3)] string? MediaFilename,
    [property: Id(4)] TemplateRef? Template,
    [property: Id(5)] string CampaignId,
    [property: Id(6)] MediaKind? HeaderKind = null)
{
    /// <summary>
    /// The template configured for the draft's category, with the text as its body parameter and, when the template was
    /// approved with a media header, the attachment as its header; without a template, a free-form text, or an image or
    /// document with the text as caption.
    /// </summary>
    public static CampaignMessage For(string campaignId, CampaignDraft draft, WhatsAppOptions options)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Templates.For(draft.Category) is { } template)
        {
            var header = template.Header == TemplateHeader.None ? null : draft.Media;
            return new CampaignMessage(
                OutboundKind.Template,
                AsTemplateParameter(draft.Text),
                header?.Url,
                header?.Filename,
                new TemplateRef(template.Name, template.Language),
                campaignId,
                header?.Kind);
        }

        return draft.Media switch
        {
            { Kind: MediaKind.Image } media => new CampaignMessage(OutboundKind.Image, draft.Text, media.Url, null, null, campaignId),
            { Kind: MediaKind.Document } media => new CampaignMessage(OutboundKind.Document, draft.Text, media.Url, media.Filename, null, campaignId),
            _ => new CampaignMessage(OutboundKind.Text, draft.Text, null, null, null, campaignId),
        };
    }

    /// <summary>The message for one recipient, with the campaign's priority for the send budget.</summary>
    public OutboundMessage To(ulong number, SendPriority priority) =>
        new(PhoneNumbers.FromKey(number), Kind, Text, MediaUrl, MediaFilename, Template, CampaignId, HeaderKind, priority);

    // Meta refuses template text parameters with newlines, tabs or more than four spaces in a row.
    private static string AsTemplateParameter(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        var spaces = 0;
        foreach (var c in text)
        {
            var ch = c is '\r' or '\n' or '\t' ? ' ' : c;
            spaces = ch == ' ' ? spaces + 1 : 0;
            if (spaces <= 4)
            {
                builder.Append(ch);
            }
        }

        return builder.ToString().Trim();
    }
}
