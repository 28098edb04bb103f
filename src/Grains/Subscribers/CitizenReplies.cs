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

    /// <summary>Any other message: this number takes no messages, where to write instead.</summary>
    AutoReply,
}

/// <summary>The Italian texts citizens read, filled in from <c>Service:*</c>.</summary>
public sealed class CitizenReplies
{
    private readonly string _welcome;
    private readonly string _alreadySubscribed;
    private readonly string _unsubscribed;
    private readonly string _notSubscribed;
    private readonly string _autoReply;

    /// <summary>Fills the texts in from the service options.</summary>
    public CitizenReplies(IOptions<ServiceOptions> options)
    {
        var service = options.Value;
        var name = service.Name;
        var subscribe = service.EffectiveSubscribeKeywords[0];
        var unsubscribe = service.EffectiveUnsubscribeKeywords[0];

        _welcome =
            $"Benvenuto nel servizio WhatsApp della {name}! Riceverai notizie di pubblica utilità, allerte meteo ed emergenze: " +
            $"al massimo {service.WeeklyLimit} messaggi a settimana, salvo emergenze. " +
            $"Informativa privacy: {service.PrivacyPolicyUrl} . Per non ricevere più messaggi scrivi \"{unsubscribe}\".";
        _alreadySubscribed =
            $"Sei già iscritto al servizio WhatsApp della {name}. Per cancellarti scrivi \"{unsubscribe}\".";
        _unsubscribed =
            $"La tua iscrizione al servizio WhatsApp della {name} è stata cancellata: non riceverai più messaggi. " +
            $"Per iscriverti di nuovo scrivi \"{subscribe}\".";
        _notSubscribed =
            $"Non risulti iscritto al servizio WhatsApp della {name}. Per iscriverti scrivi \"{subscribe}\".";
        _autoReply =
            $"Questo numero della {name} serve solo a inviare informazioni di pubblica utilità e non riceve messaggi né chiamate. " +
            $"Per contattarci scrivi a {service.ContactEmail}. " +
            $"Per iscriverti scrivi \"{subscribe}\", per cancellarti \"{unsubscribe}\".";
    }

    /// <summary>The text of one kind of reply.</summary>
    public string For(ReplyKind kind) => kind switch
    {
        ReplyKind.Welcome => _welcome,
        ReplyKind.AlreadySubscribed => _alreadySubscribed,
        ReplyKind.Unsubscribed => _unsubscribed,
        ReplyKind.NotSubscribed => _notSubscribed,
        ReplyKind.AutoReply => _autoReply,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown reply kind."),
    };
}
