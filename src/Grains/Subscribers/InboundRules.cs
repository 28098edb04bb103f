using Vimercate.Abstractions;

namespace Vimercate.Subscribers;

/// <summary>What one inbound message asks of a number's state, the shard and the citizen.</summary>
/// <param name="Outcome">What the webhook learns.</param>
/// <param name="Member">Whether the number must (true) or must not (false) be in the audience afterwards; null leaves it alone.</param>
/// <param name="Consent">A consent change to record.</param>
/// <param name="MatchedText">The citizen's words that decided it.</param>
/// <param name="Reply">The answer to queue.</param>
/// <param name="DecidesConsent">Whether the message is the newest word on consent (older ones become stale).</param>
internal readonly record struct InboundDecision(
    InboundOutcome Outcome,
    bool? Member = null,
    ConsentAction? Consent = null,
    string? MatchedText = null,
    ReplyKind? Reply = null,
    bool DecidesConsent = false);

/// <summary>The citizen behaviour table (subscribe, unsubscribe, auto-reply, reaction, number change) as a pure function.</summary>
internal static class InboundRules
{
    /// <summary>Meta's system message type for a citizen who moved to another number.</summary>
    public const string UserChangedNumber = "user_changed_number";

    /// <summary>The auto-reply goes to one number at most once in this interval.</summary>
    public static readonly TimeSpan AutoReplyInterval = TimeSpan.FromHours(24);

    /// <summary>Decides what a message not handled before does, given the number's current state.</summary>
    public static InboundDecision Decide(SubscriberState state, InboundMessage message, KeywordMatcher matcher, DateTimeOffset now)
    {
        if (Is(message.Type, "reaction"))
        {
            return new(InboundOutcome.Ignored);
        }

        if (Is(message.Type, "system"))
        {
            return DecideSystem(state, message);
        }

        var match = matcher.Match(message.Texts);
        return match.Intent switch
        {
            KeywordIntent.Subscribe when IsStale(state, message) => new(InboundOutcome.Stale),
            KeywordIntent.Subscribe when state.IsSubscribed =>
                new(InboundOutcome.AlreadySubscribed, Member: true, Reply: ReplyKind.AlreadySubscribed, DecidesConsent: true),
            KeywordIntent.Subscribe =>
                new(InboundOutcome.Subscribed, Member: true, ConsentAction.OptIn, match.MatchedText, ReplyKind.Welcome, DecidesConsent: true),
            KeywordIntent.Unsubscribe when IsStale(state, message) => new(InboundOutcome.Stale),
            KeywordIntent.Unsubscribe when state.IsSubscribed =>
                new(InboundOutcome.Unsubscribed, Member: false, ConsentAction.OptOut, match.MatchedText, ReplyKind.Unsubscribed, DecidesConsent: true),
            KeywordIntent.Unsubscribe =>
                new(InboundOutcome.NotSubscribed, Member: false, Reply: ReplyKind.NotSubscribed, DecidesConsent: true),
            _ when state.LastAutoReplyAt is { } last && now - last < AutoReplyInterval => new(InboundOutcome.AutoReplySuppressed),
            _ => new(InboundOutcome.AutoReplied, Reply: ReplyKind.AutoReply),
        };
    }

    private static InboundDecision DecideSystem(SubscriberState state, InboundMessage message)
    {
        if (!Is(message.SystemType, UserChangedNumber))
        {
            return new(InboundOutcome.Ignored);
        }

        if (IsStale(state, message))
        {
            return new(InboundOutcome.Stale);
        }

        // The citizen left this number: whoever gets it next has given no consent. The new number must opt in itself.
        return state.IsSubscribed
            ? new(InboundOutcome.NumberChanged, Member: false, ConsentAction.NumberChanged, DecidesConsent: true)
            : new(InboundOutcome.Ignored, Member: false, DecidesConsent: true);
    }

    // Meta's timestamps have one-second resolution: a tie goes to the message that arrives later.
    private static bool IsStale(SubscriberState state, InboundMessage message) =>
        state.ConsentDecidedAt is { } decided && message.Timestamp < decided;

    private static bool Is(string? value, string expected) => string.Equals(value, expected, StringComparison.OrdinalIgnoreCase);
}
