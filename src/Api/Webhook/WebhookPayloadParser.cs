using System.Globalization;
using System.Text.Json;
using Vimercate.Abstractions;

namespace Vimercate.Api.Webhook;

/// <summary>
/// Reads Meta's webhook envelope tolerantly: every entry, change, message and status is taken;
/// unknown objects, fields and types are logged and passed over, never a reason to refuse the payload.
/// </summary>
internal sealed partial class WebhookPayloadParser(ILogger<WebhookPayloadParser> logger)
{
    private const string BusinessAccountObject = "whatsapp_business_account";

    /// <summary>The type given to a citizen's call, which gets the same answer as a message: this number takes no calls.</summary>
    public const string CallType = "call";

    /// <summary>Media whose caption is read like a text message.</summary>
    private static readonly string[] CaptionedTypes = ["image", "video", "document"];

    private static readonly HashSet<string> KnownMessageTypes =
    [
        "text", "image", "document", "audio", "video", "sticker", "location", "contacts", "button",
        "interactive", "reaction", "system", "unsupported", "order", "request_welcome",
    ];

    /// <summary>
    /// Parses one body; throws <see cref="JsonException"/> when it is not JSON, returns null when it is JSON but not an object.
    /// With <paramref name="ourPhoneNumberId"/> set (Cloud mode), a change addressed to another business number is logged and skipped.
    /// </summary>
    public WebhookPayload? Parse(ReadOnlyMemory<byte> body, string? ourPhoneNumberId = null)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var kind = GetString(root, "object");
        if (kind != BusinessAccountObject)
        {
            LogUnknownObject(logger, kind ?? "(none)");
            return WebhookPayload.Empty;
        }

        var messages = new List<InboundMessage>();
        var statuses = new List<DeliveryStatusUpdate>();
        foreach (var entry in Items(root, "entry"))
        {
            foreach (var change in Items(entry, "changes"))
            {
                ReadChange(change, ourPhoneNumberId, messages, statuses);
            }
        }

        return new WebhookPayload(messages, statuses);
    }

    private void ReadChange(JsonElement change, string? ourPhoneNumberId, List<InboundMessage> messages, List<DeliveryStatusUpdate> statuses)
    {
        var field = GetString(change, "field");
        if (field is not ("messages" or "calls"))
        {
            LogUnknownField(logger, field ?? "(none)");
            return;
        }

        if (!change.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Object)
        {
            LogChangeWithoutValue(logger);
            return;
        }

        if (ourPhoneNumberId is not null
            && (!value.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object || GetString(metadata, "phone_number_id") != ourPhoneNumberId))
        {
            LogOtherBusinessNumber(logger);
            return;
        }

        if (field == "calls")
        {
            foreach (var call in Items(value, "calls"))
            {
                if (ReadCall(call) is { } inbound)
                {
                    messages.Add(inbound);
                }
            }

            return;
        }

        foreach (var error in Items(value, "errors"))
        {
            LogPlatformError(logger, GetInt(error, "code"), GetString(error, "title") ?? GetString(error, "message"));
        }

        var hasUsernameOnly = Items(value, "contacts").Any(c => string.IsNullOrEmpty(GetString(c, "wa_id")) && !string.IsNullOrEmpty(GetString(c, "user_id")));
        foreach (var message in Items(value, "messages"))
        {
            if (ReadMessage(message, hasUsernameOnly) is { } inbound)
            {
                messages.Add(inbound);
            }
        }

        foreach (var status in Items(value, "statuses"))
        {
            if (ReadStatus(status) is { } update)
            {
                statuses.Add(update);
            }
        }
    }

    private InboundMessage? ReadMessage(JsonElement message, bool hasUsernameOnly)
    {
        var wamid = GetString(message, "id");
        if (string.IsNullOrEmpty(wamid))
        {
            LogMessageWithoutId(logger);
            return null;
        }

        var from = GetString(message, "from") ?? "";
        if (!PhoneNumbers.IsValid(from))
        {
            if (from.Length == 0 && hasUsernameOnly)
            {
                LogUsernameOnly(logger, wamid);
            }
            else
            {
                LogInvalidSender(logger, wamid, PhoneNumbers.Mask(from));
            }

            return null;
        }

        if (GetUnixTime(message, "timestamp") is not { } timestamp)
        {
            LogInvalidTimestamp(logger, wamid);
            return null;
        }

        var type = GetString(message, "type") ?? "unknown";
        if (!KnownMessageTypes.Contains(type))
        {
            LogUnknownMessageType(logger, wamid, type);
        }

        string? systemType = null;
        string? newWaId = null;
        if (type == "system" && message.TryGetProperty("system", out var system) && system.ValueKind == JsonValueKind.Object)
        {
            systemType = GetString(system, "type");
            newWaId = GetString(system, "wa_id") ?? GetString(system, "new_wa_id");
        }

        return new InboundMessage(wamid, from, timestamp, type, TextsOf(message), systemType, newWaId);
    }

    /// <summary>
    /// A call the citizen placed, as a message of type <see cref="CallType"/> keyed by the call id: its connect and
    /// terminate events are one call, handled once. Calls the business placed are passed over.
    /// </summary>
    private InboundMessage? ReadCall(JsonElement call)
    {
        var id = GetString(call, "id");
        if (string.IsNullOrEmpty(id))
        {
            LogMessageWithoutId(logger);
            return null;
        }

        var direction = GetString(call, "direction");
        if (direction is not null && !string.Equals(direction, "USER_INITIATED", StringComparison.OrdinalIgnoreCase))
        {
            LogBusinessCall(logger, id, direction);
            return null;
        }

        var from = GetString(call, "from") ?? "";
        if (!PhoneNumbers.IsValid(from))
        {
            LogInvalidSender(logger, id, PhoneNumbers.Mask(from));
            return null;
        }

        if (GetUnixTime(call, "timestamp") is not { } timestamp)
        {
            LogInvalidTimestamp(logger, id);
            return null;
        }

        return new InboundMessage(id, from, timestamp, CallType, []);
    }

    /// <summary>The words a citizen typed or tapped: text body, a photo's, video's or document's caption, button text and payload, interactive reply title.</summary>
    private static string[] TextsOf(JsonElement message)
    {
        var texts = new List<string>(2);
        void Add(string? text)
        {
            if (!string.IsNullOrWhiteSpace(text) && !texts.Contains(text))
            {
                texts.Add(text);
            }
        }

        if (message.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.Object)
        {
            Add(GetString(text, "body"));
        }

        foreach (var type in CaptionedTypes)
        {
            if (message.TryGetProperty(type, out var media) && media.ValueKind == JsonValueKind.Object)
            {
                Add(GetString(media, "caption"));
            }
        }

        if (message.TryGetProperty("button", out var button) && button.ValueKind == JsonValueKind.Object)
        {
            Add(GetString(button, "text"));
            Add(GetString(button, "payload"));
        }

        if (message.TryGetProperty("interactive", out var interactive) && interactive.ValueKind == JsonValueKind.Object)
        {
            foreach (var reply in new[] { "button_reply", "list_reply" })
            {
                if (interactive.TryGetProperty(reply, out var chosen) && chosen.ValueKind == JsonValueKind.Object)
                {
                    Add(GetString(chosen, "title"));
                }
            }
        }

        return [.. texts];
    }

    private DeliveryStatusUpdate? ReadStatus(JsonElement status)
    {
        var wamid = GetString(status, "id");
        if (string.IsNullOrEmpty(wamid))
        {
            LogStatusWithoutId(logger);
            return null;
        }

        var name = GetString(status, "status");
        DeliveryStatus? value = name switch
        {
            "sent" => DeliveryStatus.Sent,
            "delivered" => DeliveryStatus.Delivered,
            "read" => DeliveryStatus.Read,
            "failed" => DeliveryStatus.Failed,
            _ => null,
        };
        if (value is null)
        {
            LogUnknownStatus(logger, wamid, name ?? "(none)");
            return null;
        }

        if (GetUnixTime(status, "timestamp") is not { } timestamp)
        {
            LogInvalidTimestamp(logger, wamid);
            return null;
        }

        var errorCode = Items(status, "errors").Select(e => GetInt(e, "code")).FirstOrDefault(c => c is not null);
        return new DeliveryStatusUpdate(
            wamid,
            value.Value,
            timestamp,
            GetString(status, "recipient_id") ?? "",
            GetString(status, "biz_opaque_callback_data"),
            errorCode);
    }

    private static IEnumerable<JsonElement> Items(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object)
            : [];

    private static string? GetString(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? GetInt(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt32(out var number) => number,
            JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => number,
            _ => null,
        };
    }

    /// <summary>Meta sends Unix seconds as a string; a number is taken too.</summary>
    private static DateTimeOffset? GetUnixTime(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return null;
        }

        long? seconds = value.ValueKind switch
        {
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var text) => text,
            JsonValueKind.Number when value.TryGetInt64(out var number) => number,
            _ => null,
        };

        return seconds is { } valid and >= 0 and <= 253402300799 ? DateTimeOffset.FromUnixTimeSeconds(valid) : null;
    }

    [LoggerMessage(EventId = 4125, Level = LogLevel.Warning, Message = "Webhook change for another business number ignored: its metadata.phone_number_id is not WhatsApp:PhoneNumberId")]
    private static partial void LogOtherBusinessNumber(ILogger logger);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information, Message = "Webhook for object {Object} ignored: only whatsapp_business_account is handled")]
    private static partial void LogUnknownObject(ILogger logger, string @object);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Information, Message = "Webhook change of field {Field} ignored: only messages is handled")]
    private static partial void LogUnknownField(ILogger logger, string field);

    [LoggerMessage(EventId = 4112, Level = LogLevel.Information, Message = "Webhook change without a value object ignored")]
    private static partial void LogChangeWithoutValue(ILogger logger);

    [LoggerMessage(EventId = 4113, Level = LogLevel.Warning, Message = "WhatsApp reported an error in a webhook: {Code} {Title}")]
    private static partial void LogPlatformError(ILogger logger, int? code, string? title);

    [LoggerMessage(EventId = 4114, Level = LogLevel.Warning, Message = "Webhook message without an id skipped")]
    private static partial void LogMessageWithoutId(ILogger logger);

    [LoggerMessage(EventId = 4115, Level = LogLevel.Warning, Message = "Webhook message {Wamid} skipped: sender {From} is not a WhatsApp number")]
    private static partial void LogInvalidSender(ILogger logger, string wamid, string from);

    [LoggerMessage(EventId = 4116, Level = LogLevel.Warning,
        Message = "Webhook message {Wamid} skipped: the sender is known only by a business-scoped user id, not by a number")]
    private static partial void LogUsernameOnly(ILogger logger, string wamid);

    [LoggerMessage(EventId = 4117, Level = LogLevel.Warning, Message = "Webhook item {Wamid} skipped: its timestamp is missing or invalid")]
    private static partial void LogInvalidTimestamp(ILogger logger, string wamid);

    [LoggerMessage(EventId = 4118, Level = LogLevel.Information, Message = "Webhook message {Wamid} has the unknown type {Type}; handled as any other message")]
    private static partial void LogUnknownMessageType(ILogger logger, string wamid, string type);

    [LoggerMessage(EventId = 4119, Level = LogLevel.Warning, Message = "Webhook status without an id skipped")]
    private static partial void LogStatusWithoutId(ILogger logger);

    [LoggerMessage(EventId = 4121, Level = LogLevel.Debug, Message = "Webhook call {CallId} ({Direction}) passed over: only calls citizens place are answered")]
    private static partial void LogBusinessCall(ILogger logger, string callId, string direction);

    [LoggerMessage(EventId = 4120, Level = LogLevel.Information, Message = "Webhook status {Status} for {Wamid} ignored: not sent, delivered, read or failed")]
    private static partial void LogUnknownStatus(ILogger logger, string wamid, string status);
}
