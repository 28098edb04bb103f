using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Vimercate.Bench.Driver;

/// <summary>Meta's webhook envelopes as the bench sends them, and their X-Hub-Signature-256.</summary>
public static class Payloads
{
    /// <summary>The business number the service is configured with.</summary>
    public const string PhoneNumberId = "106540352242922";

    /// <summary>The first number of the bench's citizens; numbers count up from here (Italian mobiles, 12 digits).</summary>
    public const ulong FirstCitizen = 393_000_000_000;

    /// <summary>One status of one message, as Meta sends it for a broadcast message.</summary>
    public static byte[] Status(string wamid, string status, ulong recipient, string? campaignId, long unixSeconds)
    {
        var opaque = campaignId is null ? "" : $",\"biz_opaque_callback_data\":\"{campaignId}\"";
        var json = string.Create(CultureInfo.InvariantCulture, $$$"""
            {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"390396659111","phone_number_id":"{{{PhoneNumberId}}}"},"statuses":[{"id":"{{{wamid}}}","status":"{{{status}}}","timestamp":"{{{unixSeconds}}}","recipient_id":"{{{recipient}}}"{{{opaque}}},"conversation":{"id":"b1c2d3e4f5","origin":{"type":"utility"}},"pricing":{"billable":true,"pricing_model":"PMP","category":"utility","type":"regular"}}]},"field":"messages"}]}]}
            """);
        return Encoding.UTF8.GetBytes(json);
    }

    /// <summary>One text message from a citizen.</summary>
    public static byte[] Text(ulong from, string wamid, string text, long unixSeconds)
    {
        var json = string.Create(CultureInfo.InvariantCulture, $$$"""
            {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"390396659111","phone_number_id":"{{{PhoneNumberId}}}"},"contacts":[{"profile":{"name":"Cittadino"},"wa_id":"{{{from}}}"}],"messages":[{"from":"{{{from}}}","id":"{{{wamid}}}","timestamp":"{{{unixSeconds}}}","type":"text","text":{"body":"{{{text}}}"}}]},"field":"messages"}]}]}
            """);
        return Encoding.UTF8.GetBytes(json);
    }

    /// <summary>The X-Hub-Signature-256 header value of a body.</summary>
    public static string Sign(byte[] body, byte[] appSecret) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(appSecret, body));
}
