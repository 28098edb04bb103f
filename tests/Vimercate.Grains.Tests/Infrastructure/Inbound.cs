using Vimercate.Abstractions;

namespace Vimercate.Grains.Tests.Infrastructure;

/// <summary>Inbound messages as the webhook would hand them to a subscriber grain, each with a fresh wamid.</summary>
public static class Inbound
{
    private static long _nextWamid;

    /// <summary>A message of any type with its candidate texts.</summary>
    public static InboundMessage Of(string type, string from, DateTimeOffset at, params string[] texts) =>
        new(NewWamid(), from, at, type, texts);

    /// <summary>A text message.</summary>
    public static InboundMessage Text(string from, string body, DateTimeOffset at) => Of("text", from, at, body);

    /// <summary>A reaction to one of our messages.</summary>
    public static InboundMessage Reaction(string from, DateTimeOffset at) => Of("reaction", from, at);

    /// <summary>WhatsApp's notice that the citizen moved to <paramref name="newNumber"/>.</summary>
    public static InboundMessage NumberChanged(string from, string newNumber, DateTimeOffset at) =>
        new(NewWamid(), from, at, "system", [$"User changed from {from} to {newNumber}"], "user_changed_number", newNumber);

    private static string NewWamid() => $"wamid.TEST-{Interlocked.Increment(ref _nextWamid):D8}";
}
