using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace Vimercate.Messaging;

/// <summary>
/// Encodes request bodies for the Graph API. Every recipient of a campaign gets the same body but for <c>"to"</c>, so a
/// campaign's body is encoded once (around a placeholder recipient) and each request splices its number in: an
/// emergency to a million citizens encodes, and cleans its template text, once instead of a million times.
/// </summary>
internal sealed class GraphRequestBodies
{
    // A handful of campaigns at once at most; beyond that the cache starts again rather than grow.
    private const int Capacity = 32;
    private const string Placeholder = "+000000000000000";
    private static readonly byte[] ToField = Encoding.UTF8.GetBytes("\"to\":\"");

    private readonly ConcurrentDictionary<OutboundMessage, Halves> _campaigns = new();

    /// <summary>The UTF-8 JSON body of the request that sends <paramref name="message"/>.</summary>
    public byte[] For(OutboundMessage message)
    {
        var to = message.To.StartsWith('+') ? message.To : "+" + message.To;
        if (message.CampaignId is null || !IsPlain(to))
        {
            return Encode(message);
        }

        var shape = message with { To = Placeholder };
        if (!_campaigns.TryGetValue(shape, out var halves))
        {
            if (_campaigns.Count >= Capacity)
            {
                _campaigns.Clear();
            }

            halves = _campaigns.GetOrAdd(shape, Split);
        }

        var body = new byte[halves.Before.Length + to.Length + halves.After.Length];
        halves.Before.CopyTo(body, 0);
        var length = halves.Before.Length + Encoding.ASCII.GetBytes(to, body.AsSpan(halves.Before.Length));
        halves.After.CopyTo(body, length);
        return body;
    }

    private static byte[] Encode(OutboundMessage message) =>
        JsonSerializer.SerializeToUtf8Bytes(GraphMessageRequest.From(message), GraphJsonContext.Default.GraphMessageRequest);

    // The number goes between the quotes of "to" (the encoder writes the placeholder's '+' as an escape, and the
    // spliced numbers as they are: both are valid JSON). Quotes inside strings are escaped, so the field is unique.
    private static Halves Split(OutboundMessage shape)
    {
        var encoded = Encode(shape);
        var start = encoded.AsSpan().IndexOf(ToField) + ToField.Length;
        var end = start + encoded.AsSpan(start).IndexOf((byte)'"');
        return new Halves(encoded[..start], encoded[end..]);
    }

    // Digits after a plus sign need no escaping in JSON; anything else is encoded the long way.
    private static bool IsPlain(string to) => to.Length is > 1 and <= 16 && to.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;

    private sealed record Halves(byte[] Before, byte[] After);
}
