namespace Vimercate.Api.Campaigns;

/// <summary>Log lines of the campaign routes; the press office is named by its key name, never its secret.</summary>
internal static partial class CampaignsLog
{
    /// <summary>The logger category of the campaign routes.</summary>
    public const string Category = "Vimercate.Api.Campaigns";

    [LoggerMessage(EventId = 7010, Level = LogLevel.Information, Message = "Campaign {CampaignId} ({Category}) accepted for week {Week}, asked by {ApiKeyName}")]
    public static partial void Accepted(ILogger logger, string campaignId, Vimercate.Abstractions.CampaignCategory category, string week, string apiKeyName);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Information, Message = "Campaign {CampaignId} refused: week {Week} already has {Used} of {Limit} campaigns, asked by {ApiKeyName}")]
    public static partial void WeeklyLimitReached(ILogger logger, string campaignId, string week, int used, int limit, string apiKeyName);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Information, Message = "Idempotency-Key of {ApiKeyName} replayed: campaign {CampaignId} returned again")]
    public static partial void Replayed(ILogger logger, string apiKeyName, string campaignId);

    [LoggerMessage(EventId = 7013, Level = LogLevel.Information, Message = "Campaign {CampaignId} cancel asked by {ApiKeyName}: {Outcome}")]
    public static partial void CancelAsked(ILogger logger, string campaignId, string apiKeyName, Vimercate.Abstractions.CancelOutcome outcome);
}
