using Vimercate.Abstractions;

namespace Vimercate.Hosting;

/// <summary>Where outbound messages go.</summary>
public enum WhatsAppMode
{
    /// <summary>Recorded in process; nothing leaves the machine.</summary>
    Sandbox,

    /// <summary>Sent to Meta's Graph API over HTTP.</summary>
    Cloud,
}

/// <summary>The header an approved template was approved with: none, or the campaign's image or document.</summary>
public enum TemplateHeader
{
    /// <summary>No header: campaigns of the category carry text only.</summary>
    None,

    /// <summary>An image header: every campaign of the category carries an image, which fills it.</summary>
    Image,

    /// <summary>A document header: every campaign of the category carries a document, which fills it.</summary>
    Document,
}

/// <summary>An approved template used for one campaign category.</summary>
public sealed class TemplateOptions
{
    /// <summary>The template's name as approved by Meta; empty means no template.</summary>
    public string Name { get; set; } = "";

    /// <summary>The template's language code.</summary>
    public string Language { get; set; } = "it";

    /// <summary>The longest campaign text that fits the template's hydrated body.</summary>
    public int MaxTextLength { get; set; } = 900;

    /// <summary>The header the template was approved with; the campaign's attachment fills it.</summary>
    public TemplateHeader Header { get; set; } = TemplateHeader.None;
}

/// <summary>Templates per campaign category; unset means free-form messages (refused in Cloud mode).</summary>
public sealed class TemplatesOptions
{
    /// <summary>The setting that names a category's template, e.g. WhatsApp:Templates:News.</summary>
    public static string KeyOf(CampaignCategory category) => $"{WhatsAppOptions.Section}:Templates:{category}";

    /// <summary>The template configured for a category, or null; a template without a name counts as not configured.</summary>
    public TemplateOptions? For(CampaignCategory category)
    {
        var template = category switch
        {
            CampaignCategory.News => News,
            CampaignCategory.Weather => Weather,
            CampaignCategory.Emergency => Emergency,
            _ => null,
        };
        return string.IsNullOrWhiteSpace(template?.Name) ? null : template;
    }

    /// <summary>Template for news campaigns.</summary>
    public TemplateOptions? News { get; set; }

    /// <summary>Template for weather alerts.</summary>
    public TemplateOptions? Weather { get; set; }

    /// <summary>Template for emergencies.</summary>
    public TemplateOptions? Emergency { get; set; }
}

/// <summary>The WhatsApp Business number and how to reach Meta (section <c>WhatsApp</c>).</summary>
public sealed class WhatsAppOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "WhatsApp";

    /// <summary>Sandbox (in process) or Cloud (Graph API).</summary>
    public WhatsAppMode Mode { get; set; } = WhatsAppMode.Sandbox;

    /// <summary>Base URL of the Graph API.</summary>
    public string GraphApiBaseUrl { get; set; } = "https://graph.facebook.com";

    /// <summary>Graph API version path segment.</summary>
    public string ApiVersion { get; set; } = "v25.0";

    /// <summary>The business phone number id (path segment).</summary>
    public string? PhoneNumberId { get; set; }

    /// <summary>Bearer token; from the environment, never from committed files.</summary>
    public string? AccessToken { get; set; }

    /// <summary>Key of the X-Hub-Signature-256 HMAC.</summary>
    public string? AppSecret { get; set; }

    /// <summary>Token of the GET verification handshake.</summary>
    public string? VerifyToken { get; set; }

    /// <summary>Cluster-wide outbound ceiling.</summary>
    public int MessagesPerSecond { get; set; } = 80;

    /// <summary>Unique business-initiated recipients per rolling 24 h; null means no limit.</summary>
    public int? DailyRecipientLimit { get; set; }

    /// <summary>Approved templates per campaign category.</summary>
    public TemplatesOptions Templates { get; set; } = new();

    /// <summary>Whether campaigns need an approved template: in Cloud mode, where Meta refuses free-form messages outside the 24-hour window.</summary>
    public bool RequiresTemplates => Mode == WhatsAppMode.Cloud;

    /// <summary>The categories whose campaigns would be refused for want of a template (none outside Cloud mode).</summary>
    public IReadOnlyList<CampaignCategory> MissingTemplates =>
        RequiresTemplates ? Enum.GetValues<CampaignCategory>().Where(category => Templates.For(category) is null).ToList() : [];
}
