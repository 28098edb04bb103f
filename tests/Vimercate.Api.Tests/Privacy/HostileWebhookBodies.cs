using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vimercate.Api.Tests.Privacy;

/// <summary>What a generated webhook body is, and so what the service must make of it.</summary>
public enum HostileKind
{
    /// <summary>Not JSON at all, or cut short: 400.</summary>
    NotJson,

    /// <summary>JSON that is no object (a scalar or an array): 400.</summary>
    NotAnObject,

    /// <summary>Nested deeper than a JSON reader accepts: 400.</summary>
    TooDeep,

    /// <summary>An object that is not Meta's envelope, or one whose parts have the wrong types: 200, nothing happens.</summary>
    WrongShape,

    /// <summary>Meta's envelope whose messages each lack a valid id, sender or timestamp: 200, nothing happens.</summary>
    InvalidMessages,

    /// <summary>Statuses with unknown values, ids and campaigns: 200, nothing happens.</summary>
    StrangeStatuses,

    /// <summary>Larger than Meta ever sends: 413.</summary>
    TooLarge,

    /// <summary>A valid message of an unknown type with a huge, odd text, from a number of its own: 200 and one auto-reply.</summary>
    ValidButStrange,
}

/// <summary>One generated body.</summary>
public sealed record HostileBody(HostileKind Kind, byte[] Bytes, string? ValidSender);

/// <summary>
/// Seeded generator of hostile webhook bodies: random JSON shapes, wrong types, huge strings, deep nesting and unknown
/// types. Every message it builds is invalid in at least one required field (id, from, timestamp), except those of
/// <see cref="HostileKind.ValidButStrange"/>, which come from numbers of their own, one body each.
/// </summary>
public sealed class HostileWebhookBodies(int seed)
{
    /// <summary>Well-formed numbers that appear only in messages that are invalid otherwise.</summary>
    public static readonly IReadOnlyList<string> InvalidMessageSenders = Enumerable.Range(0, 50).Select(i => $"3934500000{i:D2}").ToList();

    private static readonly string[] KnownKeys =
    [
        "object", "entry", "id", "changes", "field", "value", "messaging_product", "metadata", "contacts", "messages",
        "statuses", "errors", "from", "timestamp", "type", "text", "body", "button", "interactive", "system", "wa_id",
        "status", "recipient_id", "biz_opaque_callback_data", "profile", "name", "code", "title",
    ];

    private static readonly string[] MessageTypes =
    [
        "text", "image", "reaction", "system", "button", "interactive", "unsupported", "hologram", "", "TEXT", "💥", "order",
    ];

    private readonly Random _random = new(seed);
    private int _nextValidSender;

    /// <summary>The next body; <paramref name="index"/> only spreads the rare kinds evenly.</summary>
    public HostileBody Next(int index)
    {
        if (index % 500 == 250)
        {
            return new HostileBody(HostileKind.TooLarge, Huge(3 * 1024 * 1024 + 1 + _random.Next(100_000)), null);
        }

        if (index % 200 == 100)
        {
            var sender = $"3934600{_nextValidSender++:D5}";
            return new HostileBody(HostileKind.ValidButStrange, Envelope(w => WriteValidStrangeMessage(w, sender)), sender);
        }

        return _random.Next(100) switch
        {
            < 8 => new HostileBody(HostileKind.NotJson, NotJson(), null),
            < 16 => new HostileBody(HostileKind.NotAnObject, Write(w => WriteRandomValue(w, 0, allowObject: false)), null),
            < 22 => new HostileBody(HostileKind.TooDeep, TooDeep(), null),
            < 45 => new HostileBody(HostileKind.WrongShape, WrongShape(), null),
            < 85 => new HostileBody(HostileKind.InvalidMessages, Envelope(WriteInvalidMessages), null),
            _ => new HostileBody(HostileKind.StrangeStatuses, Envelope(WriteStrangeStatuses), null),
        };
    }

    private byte[] NotJson()
    {
        switch (_random.Next(5))
        {
            case 0:
                var bytes = new byte[_random.Next(1, 2000)];
                _random.NextBytes(bytes);
                bytes[0] = (byte)'{';
                return bytes;
            case 1:
                var valid = Envelope(WriteInvalidMessages);
                return valid[..Math.Max(1, _random.Next(valid.Length - 1))];
            case 2:
                return Encoding.UTF8.GetBytes("{\"object\": \"whatsapp_business_account\", \"entry\": [ {\"id\": 1,, } ] }");
            case 3:
                return Encoding.UTF8.GetBytes("{'object': 'whatsapp_business_account'}");
            default:
                return [];
        }
    }

    private byte[] TooDeep()
    {
        var depth = _random.Next(65, 5000);
        var open = _random.Next(2) == 0 ? "[" : "{\"value\":";
        var close = open == "[" ? "]" : "}";
        var text = new StringBuilder("{\"object\":\"whatsapp_business_account\",\"entry\":");
        for (var i = 0; i < depth; i++)
        {
            text.Append(open);
        }

        text.Append("null");
        for (var i = 0; i < depth; i++)
        {
            text.Append(close);
        }

        return Encoding.UTF8.GetBytes(text.Append('}').ToString());
    }

    private byte[] WrongShape() => Write(w =>
    {
        w.WriteStartObject();
        switch (_random.Next(6))
        {
            case 0:
                w.WritePropertyName("object");
                WriteRandomValue(w, 2, allowObject: true);
                break;
            case 1:
                w.WriteString("object", RandomString(_random.Next(0, 40)));
                break;
            case 2:
                w.WriteString("object", "whatsapp_business_account");
                w.WritePropertyName("entry");
                WriteRandomValue(w, 0, allowObject: true);
                break;
            case 3:
                w.WriteString("object", "whatsapp_business_account");
                w.WriteStartArray("entry");
                w.WriteStartObject();
                w.WritePropertyName("changes");
                WriteRandomValue(w, 1, allowObject: true);
                w.WriteEndObject();
                w.WriteEndArray();
                break;
            case 4:
                w.WriteString("object", "whatsapp_business_account");
                w.WriteStartArray("entry");
                w.WriteStartObject();
                w.WriteStartArray("changes");
                w.WriteStartObject();
                w.WriteString("field", _random.Next(2) == 0 ? "messages" : RandomString(12));
                w.WritePropertyName("value");
                WriteRandomValue(w, 1, allowObject: true);
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndArray();
                break;
            default:
                break;
        }

        for (var i = _random.Next(4); i > 0; i--)
        {
            w.WritePropertyName(RandomKey());
            WriteRandomValue(w, 1, allowObject: true);
        }

        w.WriteEndObject();
    });

    private void WriteInvalidMessages(Utf8JsonWriter w)
    {
        w.WriteStartArray("contacts");
        w.WriteStartObject();
        w.WriteString("wa_id", Pick(InvalidMessageSenders));
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartArray("messages");
        for (var i = _random.Next(1, 6); i > 0; i--)
        {
            WriteInvalidMessage(w);
        }

        if (_random.Next(3) == 0)
        {
            WriteRandomValue(w, 1, allowObject: false);
        }

        w.WriteEndArray();
    }

    private void WriteInvalidMessage(Utf8JsonWriter w)
    {
        // Which required fields are broken: at least one of id (1), from (2), timestamp (4).
        var broken = _random.Next(1, 8);
        w.WriteStartObject();
        if ((broken & 1) == 0)
        {
            w.WriteString("id", $"wamid.FUZZ{_random.NextInt64():X}");
        }
        else
        {
            WriteBrokenField(w, "id", () => w.WriteNumber("id", _random.Next()), () => w.WriteString("id", ""), () => w.WriteNull("id"), () => WriteRandomContainer(w, "id"));
        }

        if ((broken & 2) == 0)
        {
            w.WriteString("from", Pick(InvalidMessageSenders));
        }
        else
        {
            WriteBrokenField(
                w,
                "from",
                () => w.WriteNumber("from", long.Parse(Pick(InvalidMessageSenders), CultureInfo.InvariantCulture)),
                () => w.WriteString("from", "+" + Pick(InvalidMessageSenders)),
                () => w.WriteString("from", "0" + Pick(InvalidMessageSenders)),
                () => w.WriteString("from", "12345"),
                () => w.WriteString("from", "1234567890123456"),
                () => w.WriteString("from", RandomString(_random.Next(1, 30))),
                () => WriteRandomContainer(w, "from"));
        }

        if ((broken & 4) == 0)
        {
            w.WriteString("timestamp", (1_764_403_200 + _random.Next(100_000)).ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            WriteBrokenField(
                w,
                "timestamp",
                () => w.WriteString("timestamp", "-1"),
                () => w.WriteNumber("timestamp", -5),
                () => w.WriteNumber("timestamp", 1.5),
                () => w.WriteString("timestamp", "253402300800"),
                () => w.WriteString("timestamp", "1e9"),
                () => w.WriteString("timestamp", RandomString(10)),
                () => WriteRandomContainer(w, "timestamp"));
        }

        w.WriteString("type", Pick(MessageTypes));
        w.WritePropertyName(_random.Next(2) == 0 ? "text" : RandomExtraKey());
        WriteRandomValue(w, 1, allowObject: true);
        if (_random.Next(4) == 0)
        {
            w.WriteStartObject("text");
            w.WriteString("body", _random.Next(3) == 0 ? "Vimercate Info" : RandomString(_random.Next(50) == 0 ? 200_000 : _random.Next(0, 5_000)));
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private void WriteStrangeStatuses(Utf8JsonWriter w)
    {
        w.WriteStartArray("statuses");
        for (var i = _random.Next(1, 6); i > 0; i--)
        {
            w.WriteStartObject();
            if (_random.Next(3) > 0)
            {
                w.WriteString("id", $"wamid.FUZZ{_random.NextInt64():X}");
            }

            w.WriteString("status", _random.Next(3) == 0 ? Pick(["sent", "delivered", "read", "failed"]) : RandomString(_random.Next(0, 12)));
            w.WriteString("timestamp", _random.Next(3) == 0 ? RandomString(5) : "1764403200");
            w.WriteString("recipient_id", _random.Next(2) == 0 ? Pick(InvalidMessageSenders) : RandomString(_random.Next(0, 20)));
            w.WriteString("biz_opaque_callback_data", _random.Next(2) == 0 ? $"cmp_{_random.Next():x}" : RandomString(_random.Next(0, 300)));
            w.WritePropertyName("errors");
            WriteRandomValue(w, 2, allowObject: true);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private void WriteValidStrangeMessage(Utf8JsonWriter w, string sender)
    {
        w.WriteStartArray("messages");
        w.WriteStartObject();
        w.WriteString("from", sender);
        w.WriteString("id", $"wamid.FUZZVALID{sender}");
        w.WriteString("timestamp", "1764403200");
        w.WriteString("type", "hologram");
        w.WriteStartObject("hologram");
        w.WritePropertyName("layers");
        var depth = _random.Next(1, 40);
        for (var i = 0; i < depth; i++)
        {
            w.WriteStartArray();
        }

        w.WriteStringValue(RandomString(_random.Next(0, 5_000)));
        for (var i = 0; i < depth; i++)
        {
            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteStartObject("text");
        w.WriteString("body", "zz" + RandomLetters(_random.Next(20, 100_000)));
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private void WriteBrokenField(Utf8JsonWriter w, string name, params Action[] ways)
    {
        var choice = _random.Next(ways.Length + 1);
        if (choice < ways.Length)
        {
            ways[choice]();
        }
    }

    private void WriteRandomContainer(Utf8JsonWriter w, string name)
    {
        w.WritePropertyName(name);
        if (_random.Next(2) == 0)
        {
            w.WriteStartArray();
            WriteRandomValue(w, 2, allowObject: true);
            w.WriteEndArray();
        }
        else
        {
            w.WriteStartObject();
            w.WritePropertyName(RandomKey());
            WriteRandomValue(w, 2, allowObject: true);
            w.WriteEndObject();
        }
    }

    private void WriteRandomValue(Utf8JsonWriter w, int depth, bool allowObject)
    {
        var limit = depth > 6 ? 6 : allowObject ? 9 : 8;
        switch (_random.Next(limit))
        {
            case 0:
                w.WriteNullValue();
                break;
            case 1:
                w.WriteBooleanValue(_random.Next(2) == 0);
                break;
            case 2:
                w.WriteNumberValue(_random.Next(5) switch
                {
                    0 => double.MaxValue,
                    1 => -_random.NextDouble() * 1e12,
                    2 => long.MaxValue,
                    3 => _random.Next(),
                    _ => _random.NextDouble(),
                });
                break;
            case 3:
                w.WriteStringValue(RandomString(_random.Next(0, 64)));
                break;
            case 4:
                w.WriteStringValue(_random.Next(200) == 0 ? RandomString(_random.Next(100_000, 1_000_000)) : RandomString(_random.Next(0, 2_000)));
                break;
            case 5:
                w.WriteStringValue(Pick(MessageTypes));
                break;
            case 6 or 7:
                w.WriteStartArray();
                for (var i = _random.Next(0, 5); i > 0; i--)
                {
                    WriteRandomValue(w, depth + 1, allowObject: true);
                }

                w.WriteEndArray();
                break;
            default:
                w.WriteStartObject();
                for (var i = _random.Next(0, 6); i > 0; i--)
                {
                    w.WritePropertyName(RandomKey());
                    WriteRandomValue(w, depth + 1, allowObject: true);
                }

                w.WriteEndObject();
                break;
        }
    }

    private byte[] Envelope(Action<Utf8JsonWriter> writeValueItems) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("object", "whatsapp_business_account");
        w.WriteStartArray("entry");
        w.WriteStartObject();
        w.WriteString("id", "730000000000001");
        w.WriteStartArray("changes");
        w.WriteStartObject();
        w.WriteString("field", "messages");
        w.WriteStartObject("value");
        w.WriteString("messaging_product", "whatsapp");
        writeValueItems(w);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true, MaxDepth = 0 }))
        {
            write(writer);
        }

        return buffer.ToArray();
    }

    private byte[] Huge(int length)
    {
        var text = new StringBuilder(length + 64).Append("{\"object\":\"whatsapp_business_account\",\"padding\":\"");
        text.Append('x', length);
        return Encoding.UTF8.GetBytes(text.Append("\"}").ToString());
    }

    private string RandomKey() => _random.Next(3) == 0 ? RandomString(_random.Next(0, 20)) : Pick(KnownKeys);

    // A repeated JSON property counts with its last value, so a message's extra field never repeats a required one.
    private string RandomExtraKey()
    {
        var key = RandomKey();
        return key is "id" or "from" or "timestamp" ? "x-" + key : key;
    }

    private string RandomLetters(int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append((char)('a' + _random.Next(26)));
        }

        return text.ToString();
    }

    // Any code point but lone surrogates, so the text stays valid UTF-8: controls, quotes, emoji, right-to-left marks.
    private string RandomString(int length)
    {
        var text = new StringBuilder(length);
        while (text.Length < length)
        {
            var roll = _random.Next(10);
            if (roll < 5)
            {
                text.Append((char)_random.Next(0x20, 0x7F));
            }
            else if (roll < 7)
            {
                text.Append((char)_random.Next(0, 0x20));
            }
            else if (roll < 9)
            {
                var c = (char)_random.Next(0xA0, 0xD800);
                text.Append(c);
            }
            else
            {
                text.Append(char.ConvertFromUtf32(_random.Next(0x1F300, 0x1FAFF)));
            }
        }

        return text.ToString();
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
