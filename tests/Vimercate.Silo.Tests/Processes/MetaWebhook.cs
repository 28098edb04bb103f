using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Vimercate.Silo.Tests.Processes;

/// <summary>Delivers citizens' messages to the API's webhook as Meta does: one signed envelope per batch.</summary>
internal sealed class MetaWebhook(HttpClient http, string appSecret)
{
    private const string PhoneNumberId = "610000000000001";

    /// <summary>Posts one envelope with a text message from each number; returns the HTTP status.</summary>
    public async Task<System.Net.HttpStatusCode> SendTextsAsync(IEnumerable<(string From, string Wamid)> messages, string text)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var batch = messages.ToArray();
        var envelope = new
        {
            @object = "whatsapp_business_account",
            entry = new[]
            {
                new
                {
                    id = "730000000000001",
                    changes = new[]
                    {
                        new
                        {
                            field = "messages",
                            value = new
                            {
                                messaging_product = "whatsapp",
                                metadata = new { display_phone_number = "393384942809", phone_number_id = PhoneNumberId },
                                contacts = batch.Select(m => new { profile = new { name = "Cittadino" }, wa_id = m.From }).ToArray(),
                                messages = batch.Select(m => new { from = m.From, id = m.Wamid, timestamp, type = "text", text = new { body = text } }).ToArray(),
                            },
                        },
                    },
                },
            },
        };
        var body = JsonSerializer.SerializeToUtf8Bytes(envelope);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/whatsapp") { Content = content };
        request.Headers.Add("X-Hub-Signature-256", $"sha256={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body))}");
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
