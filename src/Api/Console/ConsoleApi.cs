using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Api.Campaigns;
using Vimercate.Api.Problems;
using Vimercate.Api.Quota;
using Vimercate.Api.Security;
using Vimercate.Broadcasts;
using Vimercate.Hosting;
using Vimercate.Throughput;

namespace Vimercate.Api.Console;

/// <summary>The routes the press office console needs beside the campaigns API: the key's roles, the campaign rules, an estimate, the subscriber trend.</summary>
public static class ConsoleApi
{
    /// <summary>Days of the subscriber trend when none are asked for.</summary>
    public const int DefaultTrendDays = 30;

    /// <summary>Maps <c>GET /api/me</c>, <c>GET /api/campaigns/limits</c>, <c>GET /api/campaigns/estimate</c>, <c>GET /api/subscribers/stats/daily</c> and the live streams.</summary>
    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPressOfficeGroup("/api/me", "Console")
            .MapGet("", GetMe)
            .WithName("GetMe")
            .WithSummary("The API key's name and roles");

        var campaigns = endpoints.MapPressOfficeGroup("/api/campaigns", "Campaigns");
        campaigns.MapGet("/limits", GetLimits)
            .RequireAuthorization(PressOfficeRoles.CampaignAuthor)
            .WithName("GetCampaignLimits")
            .WithSummary("The lengths a campaign may have, the templates per category and the weekly limit");
        campaigns.MapGet("/estimate", GetEstimateAsync)
            .RequireAuthorization(PressOfficeRoles.CampaignAuthor)
            .WithName("EstimateCampaign")
            .WithSummary("The audience a campaign would reach now and when it would be done");

        endpoints.MapPressOfficeGroup("/api/subscribers", "Subscribers")
            .MapGet("/stats/daily", GetTrendAsync)
            .RequireAuthorization(PressOfficeRoles.Editor)
            .WithName("GetSubscriberTrend")
            .WithSummary("Active subscribers with opt-ins and opt-outs per day, oldest first; counts only");

        endpoints.MapLiveUpdates();
        return endpoints;
    }

    private static Ok<MeResource> GetMe(ClaimsPrincipal user, IOptions<WhatsAppOptions> whatsApp)
    {
        var roles = user.FindAll(ClaimTypes.Role).Select(claim => claim.Value).ToList();
        return TypedResults.Ok(new MeResource(user.ApiKeyName(), roles, whatsApp.Value.Mode == WhatsAppMode.Sandbox));
    }

    private static Ok<CampaignLimitsResource> GetLimits(IOptionsMonitor<WhatsAppOptions> whatsApp, IOptions<ServiceOptions> service, ServiceCalendar calendar)
    {
        var templates = whatsApp.CurrentValue.Templates;
        return TypedResults.Ok(new CampaignLimitsResource(
            CampaignRequestValidator.MaxTitleLength,
            CampaignRequestValidator.MaxTextLength,
            CampaignRequestValidator.MaxCaptionLength,
            CampaignRequestValidator.MaxEmergencyReasonLength,
            CampaignRequestValidator.MaxFilenameLength,
            new CampaignTemplatesResource(Limit(templates.News), Limit(templates.Weather), Limit(templates.Emergency)),
            whatsApp.CurrentValue.RequiresTemplates,
            service.Value.WeeklyLimit,
            service.Value.TimeZone,
            calendar.QuietHours is { } quiet ? new QuietHoursResource($"{quiet.Start:HH\\:mm}", $"{quiet.End:HH\\:mm}") : null));
    }

    private static async Task<Results<Ok<CampaignEstimateResource>, ValidationProblem>> GetEstimateAsync(
        IGrainFactory grains,
        ServiceCalendar calendar,
        IOptions<AudienceOptions> audience,
        IOptions<WhatsAppOptions> whatsApp,
        IOptions<ThroughputOptions> throughput,
        [Description("When the campaign would start (ISO 8601 with offset); now when omitted.")] string? scheduledAt,
        [Description("news, weather or emergency: news and weather asked for now inside the quiet hours start at their end.")] string? category)
    {
        var now = calendar.Now;
        var start = now;
        var kind = CampaignRequestValidator.ParseCategory(category);
        if (category is not null && kind is null)
        {
            return ApiProblems.ValidationFailed(new Dictionary<string, string[]> { ["category"] = [$"'{category}' is not a category: use news, weather or emergency."] });
        }

        if (scheduledAt is not null)
        {
            if (!DateTimeOffset.TryParse(scheduledAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var scheduled))
            {
                return ApiProblems.ValidationFailed(new Dictionary<string, string[]> { ["scheduledAt"] = ["The scheduled time must be an ISO 8601 date and time with its offset."] });
            }

            if (scheduled <= now)
            {
                return ApiProblems.ValidationFailed(new Dictionary<string, string[]> { ["scheduledAt"] = ["The scheduled time must be in the future; leave it out to send now."] });
            }

            start = scheduled;
        }

        var heldUntil = kind is { } known ? calendar.HeldUntil(known, scheduledAt is null ? null : start, now) : null;
        start = heldUntil ?? start;
        var counts = await Task.WhenAll(Enumerable.Range(0, audience.Value.ShardCount).Select(shard => grains.GetGrain<IAudienceShardGrain>(shard).CountAsync()));
        var size = counts.Sum();

        // The same rate the campaign itself estimates with: what the limiter sustains at the configured rate.
        var rate = throughput.Value.SustainedRate(whatsApp.Value.MessagesPerSecond);
        var completion = CampaignEstimate.CompletionAt(start, size, rate, whatsApp.Value.DailyRecipientLimit);
        return TypedResults.Ok(new CampaignEstimateResource(size, calendar.ToLocal(start), calendar.ToLocal(completion), rate, heldUntil is not null));
    }

    private static async Task<Results<Ok<SubscriberTrendResource>, ValidationProblem>> GetTrendAsync(
        IGrainFactory grains,
        ServiceCalendar calendar,
        IOptions<AudienceOptions> audience,
        [Description("How many days, today included: 1-366; 30 when omitted.")] string? days)
    {
        var count = DefaultTrendDays;
        if (days is not null && (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > SubscriberTrend.MaxDays))
        {
            return ApiProblems.ValidationFailed(new Dictionary<string, string[]> { ["days"] = [$"The days must be a whole number from 1 to {SubscriberTrend.MaxDays}."] });
        }

        return TypedResults.Ok(await SubscriberTrend.ReadAsync(grains, calendar, audience.Value, count));
    }

    private static TemplateLimitResource? Limit(TemplateOptions? template) =>
        template is null ? null : new TemplateLimitResource(template.Name, template.MaxTextLength, template.Header);
}
