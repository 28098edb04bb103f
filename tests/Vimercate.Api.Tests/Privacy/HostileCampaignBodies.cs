using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vimercate.Api.Tests.Privacy;

/// <summary>What a generated campaign request is, and so what the API must answer.</summary>
public enum CampaignBodyKind
{
    /// <summary>Not JSON, cut short, nested too deep, or no object: 400.</summary>
    Unreadable,

    /// <summary>A JSON object with at least one field of the wrong type or breaking a rule: 400.</summary>
    Invalid,

    /// <summary>Sent as something other than JSON: 415.</summary>
    NotJson,

    /// <summary>Larger than the API takes: 413.</summary>
    TooLarge,

    /// <summary>A valid emergency, with unknown fields besides: 202 and one more campaign.</summary>
    Valid,
}

/// <summary>One generated request.</summary>
public sealed record CampaignBody(CampaignBodyKind Kind, byte[] Bytes, string? ContentType);

/// <summary>Seeded generator of hostile <c>POST /api/campaigns</c> bodies; every body is invalid in a known way unless it is <see cref="CampaignBodyKind.Valid"/>.</summary>
public sealed class HostileCampaignBodies(int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>The next body.</summary>
    public CampaignBody Next(int index)
    {
        if (index % 100 == 50)
        {
            var valid = Valid();
            valid[RandomName()] = RandomNode(0);
            return Json(CampaignBodyKind.Valid, valid);
        }

        if (index % 250 == 125)
        {
            var huge = Valid();
            huge["text"] = new string('x', 65 * 1024 + _random.Next(200_000));
            return Json(CampaignBodyKind.TooLarge, huge);
        }

        return _random.Next(100) switch
        {
            < 5 => new CampaignBody(CampaignBodyKind.NotJson, Encoding.UTF8.GetBytes(Valid().ToJsonString()), _random.Next(2) == 0 ? "text/plain" : null),
            < 20 => new CampaignBody(CampaignBodyKind.Unreadable, Unreadable(), "application/json"),
            _ => Json(CampaignBodyKind.Invalid, Invalid()),
        };
    }

    private static CampaignBody Json(CampaignBodyKind kind, JsonObject body) =>
        new(kind, Encoding.UTF8.GetBytes(body.ToJsonString()), "application/json");

    private static JsonObject Valid() => new()
    {
        ["title"] = "Allerta neve",
        ["text"] = "Domani nevicate abbondanti: scuole chiuse.",
        ["category"] = "emergency",
        ["emergencyReason"] = "Ordinanza del sindaco",
    };

    private JsonObject Invalid()
    {
        var body = Valid();
        if (_random.Next(2) == 0)
        {
            body["category"] = _random.Next(2) == 0 ? "news" : "weather";
            body.Remove("emergencyReason");
        }

        // At least one rule broken, sometimes several.
        var breaks = _random.Next(1, 4);
        for (var i = 0; i < breaks; i++)
        {
            Break(body);
        }

        for (var i = _random.Next(3); i > 0; i--)
        {
            body[RandomName()] = RandomNode(0);
        }

        return body;
    }

    private void Break(JsonObject body)
    {
        switch (_random.Next(8))
        {
            case 0:
                body["title"] = Pick<JsonNode?>(null, "", "   ", new string('t', 121), 42, new JsonArray("a"), new JsonObject());
                break;
            case 1:
                body["text"] = Pick<JsonNode?>(null, "", new string('x', 4097), true, new JsonArray(), 3.14);
                break;
            case 2:
                body["category"] = Pick<JsonNode?>(null, "sports", "", "NEWS ", 1, new JsonArray("news"), "emergency\u0000");
                break;
            case 3:
                body["media"] = Pick<JsonNode?>(
                    "https://example.org/a.png",
                    new JsonObject { ["kind"] = "video", ["url"] = "https://example.org/v.mp4" },
                    new JsonObject { ["kind"] = "image", ["url"] = "http://example.org/a.png" },
                    new JsonObject { ["kind"] = "document", ["url"] = "ftp://example.org/a.pdf" },
                    new JsonObject { ["kind"] = 7, ["url"] = "https://example.org/a.png" },
                    new JsonObject { ["kind"] = "image" },
                    new JsonArray());
                break;
            case 4:
                body["scheduledAt"] = Pick<JsonNode?>("2001-01-01T00:00:00+01:00", "tomorrow", "2026-13-45T25:61:00Z", 1764403200, new JsonObject(), "");
                break;
            case 5:
                if (body["category"] is JsonValue category && category.TryGetValue<string>(out var name) && name == "emergency")
                {
                    body["emergencyReason"] = Pick<JsonNode?>(null, "", "  ", new string('r', 501), 12);
                }
                else
                {
                    body["emergencyReason"] = "Non è un'emergenza";
                }

                break;
            case 6:
                body["text"] = RandomText(_random.Next(4097, 20_000));
                break;
            default:
                body.Remove(Pick("title", "text", "category"));
                break;
        }
    }

    private byte[] Unreadable()
    {
        switch (_random.Next(6))
        {
            case 0:
                var bytes = new byte[_random.Next(1, 500)];
                _random.NextBytes(bytes);
                return bytes;
            case 1:
                var valid = Encoding.UTF8.GetBytes(Valid().ToJsonString());
                return valid[..Math.Max(1, _random.Next(valid.Length - 1))];
            case 2:
                var depth = _random.Next(65, 2000);
                return Encoding.UTF8.GetBytes("{\"title\":" + new string('[', depth) + new string(']', depth) + "}");
            case 3:
                return Encoding.UTF8.GetBytes(Pick("[]", "null", "42", "\"news\"", "true", "[{\"title\":\"a\"}]"));
            case 4:
                return [];
            default:
                return Encoding.UTF8.GetBytes("{\"title\": \"a\", \"title\": }");
        }
    }

    private JsonNode? RandomNode(int depth) => (depth > 4 ? _random.Next(4) : _random.Next(6)) switch
    {
        0 => null,
        1 => JsonValue.Create(_random.NextDouble() * 1e300),
        2 => JsonValue.Create(RandomText(_random.Next(0, 300))),
        3 => JsonValue.Create(_random.Next(2) == 0),
        4 => new JsonArray(Enumerable.Range(0, _random.Next(4)).Select(_ => RandomNode(depth + 1)).ToArray()),
        _ => new JsonObject(Enumerable.Range(0, _random.Next(4)).Select(i => KeyValuePair.Create($"{RandomName()}{i}", RandomNode(depth + 1)))),
    };

    private string RandomName() => Pick("extra", "priority", "audience", "recipients", "phone", "x") + _random.Next(1000);

    private string RandomText(int length)
    {
        var text = new StringBuilder(length);
        while (text.Length < length)
        {
            text.Append(_random.Next(10) switch
            {
                < 6 => ((char)_random.Next(0x20, 0x7F)).ToString(),
                < 8 => ((char)_random.Next(0xA0, 0xD7FF)).ToString(),
                8 => char.ConvertFromUtf32(_random.Next(0x1F300, 0x1FAFF)),
                _ => ((char)_random.Next(0, 0x20)).ToString(),
            });
        }

        return text.ToString();
    }

    private T Pick<T>(params T[] items) => items[_random.Next(items.Length)];
}
