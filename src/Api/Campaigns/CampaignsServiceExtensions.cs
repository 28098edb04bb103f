using Vimercate.Api.Operations;
using Vimercate.Api.Quota;

namespace Vimercate.Api.Campaigns;

/// <summary>Services the campaign, quota and statistics routes share.</summary>
public static class CampaignsServiceExtensions
{
    /// <summary>Registers the service calendar (clock, local days, quota weeks) and the readiness check of the templates.</summary>
    public static IHostApplicationBuilder AddCampaigns(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ServiceCalendar>();
        builder.Services.AddHealthChecks().AddCheck<TemplatesHealthCheck>(TemplatesHealthCheck.Name, tags: [OperationsApi.ReadyTag]);
        return builder;
    }
}
