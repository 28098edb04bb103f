using System.Diagnostics;
using System.Diagnostics.Metrics;
using Vimercate.Abstractions;
using Vimercate.Messaging;

namespace Vimercate.Telemetry;

/// <summary>The service's own instruments on the <see cref="MeterName"/> meter: counts only, never numbers.</summary>
public sealed class VimercateMetrics
{
    /// <summary>The meter every instrument of the service belongs to.</summary>
    public const string MeterName = "Vimercate";

    // Meta's message types; anything else is counted as "other" so a hostile payload cannot grow the label set.
    private static readonly HashSet<string> KnownTypes = new(StringComparer.Ordinal)
    {
        "text", "image", "audio", "video", "document", "sticker", "location", "contacts", "button", "interactive",
        "reaction", "system", "order", "unsupported", "request_welcome", "unknown",
    };

    private readonly Counter<long> _inbound;
    private readonly Counter<long> _optIns;
    private readonly Counter<long> _optOuts;
    private readonly Counter<long> _erasures;
    private readonly Counter<long> _sends;

    /// <summary>Creates the instruments on a meter from <paramref name="meters"/>.</summary>
    public VimercateMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        _inbound = Meter.CreateCounter<long>("vimercate.inbound.messages", "{message}", "Inbound WhatsApp messages handled, by type and outcome.");
        _optIns = Meter.CreateCounter<long>("vimercate.consent.opt_ins", "{subscriber}", "Numbers that subscribed.");
        _optOuts = Meter.CreateCounter<long>("vimercate.consent.opt_outs", "{subscriber}", "Numbers that unsubscribed, by reason (keyword, number_changed).");
        _erasures = Meter.CreateCounter<long>("vimercate.privacy.erasures", "{subscriber}", "Numbers erased at the request of the data protection officer.");
        _sends = Meter.CreateCounter<long>("vimercate.outbound.sends", "{message}", "Messages handed to WhatsApp, by kind (reply, campaign), result and error code.");
    }

    /// <summary>The meter, for instruments that other parts of the service add.</summary>
    public Meter Meter { get; }

    /// <summary>Counts one handled inbound message.</summary>
    public void InboundHandled(string type, InboundOutcome outcome)
    {
        var normalized = type.ToLowerInvariant();
        _inbound.Add(1, new TagList
        {
            { "type", KnownTypes.Contains(normalized) ? normalized : "other" },
            { "outcome", outcome.ToString() },
        });
    }

    /// <summary>Counts a recorded consent change.</summary>
    public void ConsentChanged(ConsentAction action)
    {
        switch (action)
        {
            case ConsentAction.OptIn:
                _optIns.Add(1);
                break;
            case ConsentAction.OptOut:
                _optOuts.Add(1, new KeyValuePair<string, object?>("reason", "keyword"));
                break;
            case ConsentAction.NumberChanged:
                _optOuts.Add(1, new KeyValuePair<string, object?>("reason", "number_changed"));
                break;
            case ConsentAction.Erased:
                _erasures.Add(1);
                break;
        }
    }

    /// <summary>Counts one send attempt and its result.</summary>
    public void Sent(OutboundMessage message, SendResult result) =>
        _sends.Add(1, new TagList
        {
            { "kind", message.CampaignId is null ? "reply" : "campaign" },
            { "result", result.Outcome.ToString() },
            { "error_code", result.ErrorCode is { } code ? code.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none" },
        });

    /// <summary>Counts a send attempt that threw instead of answering.</summary>
    public void SendThrew(OutboundMessage message) =>
        _sends.Add(1, new TagList
        {
            { "kind", message.CampaignId is null ? "reply" : "campaign" },
            { "result", "Exception" },
            { "error_code", "none" },
        });
}
