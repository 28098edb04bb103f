using System.Diagnostics;
using System.Text.Json;

namespace Vimercate.Testing.Graph;

/// <summary>One request that reached the fake Graph API and what it was answered.</summary>
/// <param name="Sequence">Position among the requests since the fake started or was reset (1-based).</param>
/// <param name="ArrivedTicks">When it arrived (<see cref="Stopwatch"/> ticks: CLOCK_MONOTONIC, comparable across processes of the machine).</param>
/// <param name="ArrivedAt">When it arrived, since the fake started.</param>
/// <param name="To">The recipient's digits (the body's <c>to</c> without its plus).</param>
/// <param name="CampaignId">The body's <c>biz_opaque_callback_data</c>, when present.</param>
/// <param name="Type">The body's <c>type</c> (text, template, image, document).</param>
/// <param name="Path">The request path, e.g. <c>/v25.0/610000000000001/messages</c>.</param>
/// <param name="Authorization">The Authorization header.</param>
/// <param name="Status">The HTTP status it was answered (or will be, for a late answer).</param>
/// <param name="ErrorCode">Meta's error code of an error answer.</param>
/// <param name="MessageId">The wamid of an accepted message.</param>
/// <param name="Body">The raw body, when the fake keeps bodies.</param>
public sealed record GraphRequest(
    long Sequence,
    long ArrivedTicks,
    TimeSpan ArrivedAt,
    string To,
    string? CampaignId,
    string? Type,
    string Path,
    string? Authorization,
    int Status,
    int? ErrorCode,
    string? MessageId,
    byte[]? Body)
{
    /// <summary>The path segment before the API version, when the base URL had one (<see cref="FakeGraphApi.BaseUrlFor"/>).</summary>
    public string? Host
    {
        get
        {
            // "/{host}/{version}/{phone-number-id}/messages" has four segments; without a host it has three.
            var segments = Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            return segments.Length >= 4 ? segments[0] : null;
        }
    }

    /// <summary>Whether Meta took the message (a wamid was given, even if the answer came late).</summary>
    public bool Accepted => MessageId is not null;

    /// <summary>The body as JSON (requires the fake to keep bodies).</summary>
    public JsonElement Json => Body is null
        ? throw new InvalidOperationException("The fake was started without keeping request bodies.")
        : JsonDocument.Parse(Body).RootElement.Clone();
}
