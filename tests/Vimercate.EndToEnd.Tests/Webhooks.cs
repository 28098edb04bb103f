using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Vimercate.EndToEnd.Tests;

/// <summary>Builds webhook requests signed the way Meta signs them.</summary>
public static class Webhooks
{
    public static HttpRequestMessage Post(byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/whatsapp") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(CloudApiFixture.AppSecret), body);
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(signature));
        return request;
    }

    /// <summary>A citizen's text as Meta delivers it, to our business number unless another is named.</summary>
    public static HttpRequestMessage Text(string from, string wamid, string text, string phoneNumberId = CloudApiFixture.PhoneNumberId) => Post(Encoding.UTF8.GetBytes($$"""
        {
          "object": "whatsapp_business_account",
          "entry": [ { "id": "730000000000001", "changes": [ { "field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": { "display_phone_number": "393384942809", "phone_number_id": "{{phoneNumberId}}" },
            "contacts": [ { "profile": { "name": "Cittadino" }, "wa_id": "{{from}}" } ],
            "messages": [ { "from": "{{from}}", "id": "{{wamid}}", "timestamp": "1764403200", "type": "text", "text": { "body": "{{text}}" } } ]
          } } ] } ]
        }
        """));

    /// <summary>The bytes of a fixture copied from Meta's shapes.</summary>
    public static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));
}
