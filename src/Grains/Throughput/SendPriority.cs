namespace Vimercate.Throughput;

/// <summary>Who is asking for send budget; the limiter serves them in this order.</summary>
public enum SendPriority
{
    /// <summary>A reply to a citizen: a share of the budget is kept for replies, so broadcasts never starve them.</summary>
    Reply,

    /// <summary>An emergency campaign: news and weather campaigns yield the budget to it.</summary>
    Emergency,

    /// <summary>A news or weather campaign.</summary>
    Broadcast,
}
