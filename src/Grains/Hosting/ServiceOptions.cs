namespace Vimercate.Hosting;

/// <summary>The municipality's service as citizens see it (section <c>Service</c>).</summary>
public sealed class ServiceOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Service";

    /// <summary>Shown in citizen messages.</summary>
    public string Name { get; set; } = "Città di Vimercate";

    /// <summary>Opt-in phrases; empty means the default, "Vimercate Info".</summary>
    public string[] SubscribeKeywords { get; set; } = [];

    /// <summary>Opt-out phrases; empty means the defaults, "Vimercate stop" and "stop". The stop words of the opt-out rule apply besides them.</summary>
    public string[] UnsubscribeKeywords { get; set; } = [];

    /// <summary>Sent in the welcome message.</summary>
    public string PrivacyPolicyUrl { get; set; } = "https://www.comune.vimercate.mb.it/privacy";

    /// <summary>Terms of use, linked in the welcome when set.</summary>
    public string? TermsUrl { get; set; }

    /// <summary>Sent in the welcome and the auto-reply: where citizens write instead.</summary>
    public string ContactEmail { get; set; } = "ufficiostampa@comune.vimercate.mb.it";

    /// <summary>Recorded with every consent.</summary>
    public string TermsVersion { get; set; } = "2024-01";

    /// <summary>Non-emergency campaigns per calendar week.</summary>
    public int WeeklyLimit { get; set; } = 10;

    /// <summary>The week runs Monday 00:00 to Monday 00:00 in this IANA zone.</summary>
    public string TimeZone { get; set; } = "Europe/Rome";

    /// <summary>Local hours, e.g. "21:00-08:00", in which news and weather campaigns posted to go now wait for the end; empty: none.</summary>
    public string QuietHours { get; set; } = "21:00-08:00";

    /// <summary>Citizen texts that replace those of CitizenTexts.resx, by name (Welcome, AlreadySubscribed, Unsubscribed, NotSubscribed, AutoReply).</summary>
    public Dictionary<string, string> Texts { get; set; } = [];

    /// <summary>The region (ISO 3166 code) of numbers that people type without their country code.</summary>
    public string DefaultRegion { get; set; } = "IT";

    /// <summary>The opt-in phrases in force.</summary>
    public IReadOnlyList<string> EffectiveSubscribeKeywords => SubscribeKeywords.Length > 0 ? SubscribeKeywords : ["Vimercate Info"];

    /// <summary>The opt-out phrases in force.</summary>
    public IReadOnlyList<string> EffectiveUnsubscribeKeywords => UnsubscribeKeywords.Length > 0 ? UnsubscribeKeywords : ["Vimercate stop", "stop"];
}
