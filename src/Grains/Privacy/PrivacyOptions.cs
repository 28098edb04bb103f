namespace Vimercate.Privacy;

/// <summary>How long the service keeps what about a number (section <c>Privacy</c>).</summary>
public sealed class PrivacyOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Privacy";

    /// <summary>The key of the HMAC-SHA256 that names a number's archived consent history; at least 32 characters.</summary>
    /// <remarks>
    /// A secret like <c>WhatsApp:AppSecret</c>: from the environment, never from committed files, and never changed on a
    /// deployment that holds archives (they could no longer be found by number). Unset, a fixed development key is used
    /// on the embedded defaults and in the Development environment; PostgreSQL mode in any other environment refuses
    /// to start.
    /// </remarks>
    public string? HashKey { get; set; }

    /// <summary>Days an archived consent history is kept after the opt-out, number change or erasure that closed it.</summary>
    public int ConsentRetentionDays { get; set; } = 730;

    /// <summary>How long an archived consent history is kept.</summary>
    public TimeSpan ConsentRetention => TimeSpan.FromDays(ConsentRetentionDays);
}
