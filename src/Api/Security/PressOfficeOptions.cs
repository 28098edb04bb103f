namespace Vimercate.Api.Security;

/// <summary>One key of the press office REST API.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>Who holds the key; recorded as the author of what it creates (letters, digits, '.', '_', '-').</summary>
    public string Name { get; set; } = "";

    /// <summary>The secret sent in the <c>X-Api-Key</c> header; at least 16 characters.</summary>
    public string Key { get; set; } = "";

    /// <summary>Instead of <see cref="Key"/>: the secret's SHA-256 in hex (64 characters), so that the configuration never holds the secret.</summary>
    public string? KeySha256 { get; set; }

    /// <summary>What the key may do: editor, emergency, dpo, admin.</summary>
    public string[] Roles { get; set; } = [];
}

/// <summary>Who may call the press office REST API (section <c>PressOffice</c>).</summary>
public sealed class PressOfficeOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "PressOffice";

    /// <summary>The accepted keys; none means every <c>/api</c> call is refused.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>Staff phones (subscribed) that receive test sends, as people type numbers (national ones in Service:DefaultRegion).</summary>
    public List<string> TestRecipients { get; set; } = [];
}
