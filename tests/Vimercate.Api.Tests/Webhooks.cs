using System.Security.Cryptography;
using System.Text;

namespace Vimercate.Api.Tests;

/// <summary>Builds and signs webhook requests the way Meta does.</summary>
public static class Webhooks
{
    public const string Route = "/webhooks/whatsapp";

    /// <summary>sha256= and the lowercase hex HMAC-SHA256 of the exact bytes.</summary>
    public static string Sign(byte[] body, string secret = ApiFactory.AppSecret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>A POST of the bytes, signed when <paramref name="signature"/> is not given, unsigned when it is empty.</summary>
    public static HttpRequestMessage Post(byte[] body, string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Route) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        signature ??= Sign(body);
        if (signature.Length > 0)
        {
            request.Headers.Add("X-Hub-Signature-256", signature);
        }

        return request;
    }

    public static HttpRequestMessage Post(string json, string? signature = null) => Post(Encoding.UTF8.GetBytes(json), signature);

    /// <summary>The bytes of a fixture copied from Meta's shapes.</summary>
    public static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    /// <summary>An envelope with one change whose value holds <paramref name="valueItems"/> (messages, statuses, contacts JSON).</summary>
    public static string Envelope(string valueItems) => $$"""
        {
          "object": "whatsapp_business_account",
          "entry": [ { "id": "730000000000001", "changes": [ { "field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": { "display_phone_number": "393384942809", "phone_number_id": "610000000000001" },
            {{valueItems}}
          } } ] } ]
        }
        """;

    /// <summary>A text message from <paramref name="from"/>.</summary>
    public static string TextMessage(string from, string wamid, string body, long timestamp = 1764403200) => $$"""
        { "from": "{{from}}", "id": "{{wamid}}", "timestamp": "{{timestamp}}", "type": "text", "text": { "body": "{{body}}" } }
        """;
}
