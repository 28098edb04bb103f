namespace Vimercate.Abstractions;

/// <summary>What handling one inbound message did.</summary>
public enum InboundOutcome
{
    /// <summary>The number subscribed; the welcome is on its way.</summary>
    Subscribed,

    /// <summary>A subscribe phrase from a subscriber; reminded how to stop.</summary>
    AlreadySubscribed,

    /// <summary>The number unsubscribed; the confirmation is on its way.</summary>
    Unsubscribed,

    /// <summary>An unsubscribe phrase from a non-subscriber; told how to subscribe.</summary>
    NotSubscribed,

    /// <summary>Any other message; the auto-reply was queued.</summary>
    AutoReplied,

    /// <summary>Any other message within 24 h of the last auto-reply; nothing sent.</summary>
    AutoReplySuppressed,

    /// <summary>A reaction or an unknown system message: nothing to do.</summary>
    Ignored,

    /// <summary>The number changed; the old one was unsubscribed.</summary>
    NumberChanged,

    /// <summary>This wamid was handled before.</summary>
    Duplicate,

    /// <summary>Older than the last consent change of this number: no effect.</summary>
    Stale,
}
