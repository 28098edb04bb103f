using Microsoft.Extensions.Options;
using Vimercate.Hosting;

namespace Vimercate.Subscribers;

/// <summary>Which answer a citizen gets.</summary>
public enum ReplyKind
{
    /// <summary>After subscribing: what is sent, how often, privacy, how to stop.</summary>
    Welcome,

    /// <summary>A subscribe phrase from a subscriber: how to stop.</summary>
    AlreadySubscribed,

    /// <summary>After unsubscribing: how to subscribe again.</summary>
    Unsubscribed,

    /// <summary>An unsubscribe phrase from a non-subscriber: how to subscribe.</summary>
    NotSubscribed,

    /// <summary>Any other message or a call: this number takes no messages or calls, where to write instead.</summary>
    AutoReply,
}

/// <summary>The texts citizens read (<see cref="CitizenTexts"/>), rendered once from the service options in force.</summary>
public sealed class CitizenReplies
{
    private readonly Dictionary<ReplyKind, string> _texts;

    /// <summary>Renders every text from the service options.</summary>
    public CitizenReplies(IOptions<ServiceOptions> options)
    {
        var service = options.Value;
        _texts = Enum.GetValues<ReplyKind>().ToDictionary(kind => kind, kind => CitizenTexts.Render(kind, service));
    }

    /// <summary>The text of one kind of reply.</summary>
    public string For(ReplyKind kind) =>
        _texts.TryGetValue(kind, out var text) ? text : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown reply kind.");
}
