using Vimercate.Abstractions;
using Vimercate.Throughput;

namespace Vimercate.Messaging;

/// <summary>What kind of WhatsApp message goes out.</summary>
public enum OutboundKind
{
    /// <summary>A free-form text.</summary>
    Text,

    /// <summary>An image by link, with the text as caption.</summary>
    Image,

    /// <summary>A document by link, with the text as caption.</summary>
    Document,

    /// <summary>An approved template with the text as its body parameter.</summary>
    Template,
}

/// <summary>An approved template and the language it is sent in.</summary>
[GenerateSerializer, Immutable, Alias("vimercate.TemplateRef")]
public sealed record TemplateRef([property: Id(0)] string Name, [property: Id(1)] string Language);

/// <summary>One message to one recipient.</summary>
/// <param name="To">E.164 digits without the plus.</param>
/// <param name="Kind">Text, image, document or template.</param>
/// <param name="Text">Body, caption or template body parameter.</param>
/// <param name="MediaUrl">Absolute https link of the image or document.</param>
/// <param name="MediaFilename">Shown for documents.</param>
/// <param name="Template">For <see cref="OutboundKind.Template"/>.</param>
/// <param name="CampaignId">Echoed by Meta as biz_opaque_callback_data; null for replies.</param>
/// <param name="TemplateMedia">For templates with <paramref name="MediaUrl"/>: an image or a document header; unset means a document when <paramref name="MediaFilename"/> is set, else an image.</param>
/// <param name="Priority">Who the send budget serves first: replies, then emergencies, then news and weather (the default).</param>
[GenerateSerializer, Immutable, Alias("vimercate.OutboundMessage")]
public sealed record OutboundMessage(
    [property: Id(0)] string To,
    [property: Id(1)] OutboundKind Kind,
    [property: Id(2)] string Text,
    [property: Id(3)] string? MediaUrl = null,
    [property: Id(4)] string? MediaFilename = null,
    [property: Id(5)] TemplateRef? Template = null,
    [property: Id(6)] string? CampaignId = null,
    [property: Id(7)] MediaKind? TemplateMedia = null,
    [property: Id(8)] SendPriority Priority = SendPriority.Broadcast)
{
    /// <summary>A free-form text reply to a citizen.</summary>
    public static OutboundMessage Reply(string to, string text) => new(to, OutboundKind.Text, text, Priority: SendPriority.Reply);
}
