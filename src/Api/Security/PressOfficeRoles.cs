namespace Vimercate.Api.Security;

/// <summary>The roles an API key can hold; each is also the name of the policy that asks for it.</summary>
public static class PressOfficeRoles
{
    /// <summary>Creates, lists and cancels news and weather campaigns; reads quota and statistics.</summary>
    public const string Editor = "editor";

    /// <summary>Creates emergency campaigns.</summary>
    public const string Emergency = "emergency";

    /// <summary>Answers GDPR access and erasure requests.</summary>
    public const string Dpo = "dpo";

    /// <summary>May do everything.</summary>
    public const string Admin = "admin";

    /// <summary>Policy for creating campaigns of any category the key is allowed (editor or emergency).</summary>
    public const string CampaignAuthor = "campaign-author";

    /// <summary>Every role a key may hold.</summary>
    public static IReadOnlyList<string> All { get; } = [Editor, Emergency, Dpo, Admin];
}
