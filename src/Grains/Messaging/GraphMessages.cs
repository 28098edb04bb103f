using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Vimercate.Abstractions;

namespace Vimercate.Messaging;

/// <summary>The body of <c>POST /{version}/{phone-number-id}/messages</c>, one recipient.</summary>
internal sealed record GraphMessageRequest(
    string To,
    string Type,
    GraphText? Text = null,
    GraphMedia? Image = null,
    GraphMedia? Document = null,
    GraphTemplate? Template = null,
    string? BizOpaqueCallbackData = null)
{
    /// <summary>Always "whatsapp".</summary>
    public string MessagingProduct => "whatsapp";

    /// <summary>Always "individual": one citizen per request.</summary>
    public string RecipientType => "individual";

    /// <summary>Meta's shape of one outbound message.</summary>
    public static GraphMessageRequest From(OutboundMessage message)
    {
        var to = message.To.StartsWith('+') ? message.To : "+" + message.To;
        return message.Kind switch
        {
            OutboundKind.Text => new(to, "text", Text: new GraphText(message.Text, PreviewUrl: false), BizOpaqueCallbackData: message.CampaignId),
            OutboundKind.Image => new(to, "image", Image: new GraphMedia(RequireMedia(message), Caption(message.Text)), BizOpaqueCallbackData: message.CampaignId),
            OutboundKind.Document => new(to, "document", Document: new GraphMedia(RequireMedia(message), Caption(message.Text), message.MediaFilename), BizOpaqueCallbackData: message.CampaignId),
            OutboundKind.Template => new(to, "template", Template: TemplateOf(message), BizOpaqueCallbackData: message.CampaignId),
            _ => throw new ArgumentOutOfRangeException(nameof(message), message.Kind, "Unknown outbound kind."),
        };
    }

    /// <summary>
    /// Meta refuses template text parameters with newlines, tabs or more than four spaces in a row:
    /// line breaks and tabs become one space, longer runs of spaces are cut to four.
    /// </summary>
    public static string CleanTemplateParameter(string text)
    {
        var builder = new StringBuilder(text.Length);
        var spaces = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                continue;
            }

            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                spaces++;
                if (spaces <= 4)
                {
                    builder.Append(' ');
                }

                continue;
            }

            spaces = 0;
            builder.Append(c);
        }

        return builder.ToString().Trim();
    }

    private static string? Caption(string text) => string.IsNullOrEmpty(text) ? null : text;

    private static string RequireMedia(OutboundMessage message) =>
        message.MediaUrl ?? throw new ArgumentException($"A {message.Kind} message needs a media URL.", nameof(message));

    private static GraphTemplate TemplateOf(OutboundMessage message)
    {
        var template = message.Template ?? throw new ArgumentException("A template message needs a template.", nameof(message));
        var components = new List<GraphComponent>(2);
        if (message.MediaUrl is { } link)
        {
            var kind = message.TemplateMedia ?? (message.MediaFilename is null ? MediaKind.Image : MediaKind.Document);
            var header = kind == MediaKind.Document
                ? new GraphParameter("document", Document: new GraphMediaLink(link, message.MediaFilename))
                : new GraphParameter("image", Image: new GraphMediaLink(link));
            components.Add(new GraphComponent("header", [header]));
        }

        components.Add(new GraphComponent("body", [new GraphParameter("text", Text: CleanTemplateParameter(message.Text))]));
        return new GraphTemplate(template.Name, new GraphLanguage(template.Language), components);
    }
}

/// <summary>A free-form text.</summary>
internal sealed record GraphText(string Body, bool PreviewUrl);

/// <summary>An image or document sent by link.</summary>
internal sealed record GraphMedia(string Link, string? Caption, string? Filename = null);

/// <summary>An approved template and its parameters.</summary>
internal sealed record GraphTemplate(string Name, GraphLanguage Language, IReadOnlyList<GraphComponent> Components);

/// <summary>The template's language.</summary>
internal sealed record GraphLanguage(string Code);

/// <summary>One component (header, body) of a template with its parameters.</summary>
internal sealed record GraphComponent(string Type, IReadOnlyList<GraphParameter> Parameters);

/// <summary>One template parameter: a text, or the media of a header.</summary>
internal sealed record GraphParameter(string Type, string? Text = null, GraphMediaLink? Image = null, GraphMediaLink? Document = null);

/// <summary>Media of a template header.</summary>
internal sealed record GraphMediaLink(string Link, string? Filename = null);

/// <summary>Meta's answer to an accepted message.</summary>
internal sealed record GraphSendResponse(IReadOnlyList<GraphSentMessage>? Messages)
{
    /// <summary>
    /// The id of the first accepted message (<c>messages[0].id</c>), or null: read in one forward pass, for the answer
    /// every message of a campaign gets.
    /// </summary>
    public static string? WamidOf(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isMessages = reader.CurrentDepth == 1 && reader.ValueTextEquals("messages"u8);
                reader.Read();
                if (isMessages && reader.TokenType == JsonTokenType.StartArray)
                {
                    return FirstId(ref reader);
                }

                reader.Skip();
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Inside "messages": the "id" of the first element, skipping anything else it holds.
    private static string? FirstId(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isId = reader.ValueTextEquals("id"u8);
            reader.Read();
            if (isId)
            {
                return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }

            reader.Skip();
        }

        return null;
    }
}

/// <summary>The id WhatsApp gave one accepted message.</summary>
internal sealed record GraphSentMessage(string? Id);

/// <summary>Meta's error envelope.</summary>
internal sealed record GraphErrorResponse(GraphError? Error);

/// <summary>What went wrong, by code.</summary>
internal sealed record GraphError(int? Code, string? Message, string? Type, GraphErrorData? ErrorData, string? FbtraceId);

/// <summary>Meta's explanation of an error.</summary>
internal sealed record GraphErrorData(string? Details);

/// <summary>Graph API JSON: snake_case names, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(GraphMessageRequest))]
[JsonSerializable(typeof(GraphSendResponse))]
[JsonSerializable(typeof(GraphErrorResponse))]
internal sealed partial class GraphJsonContext : JsonSerializerContext;
