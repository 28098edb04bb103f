using Vimercate.Api.Quota;

namespace Vimercate.Api.Campaigns;

/// <summary>Services the campaign, quota and statistics routes share.</summary>
public static class CampaignsServiceExtensions
{
    /// <summary>Registers the service calendar (clock, local days, quota weeks).</summary>
    public static IHostApplicationBuilder AddCampaigns(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ServiceCalendar>();
        return builder;
    }
}
