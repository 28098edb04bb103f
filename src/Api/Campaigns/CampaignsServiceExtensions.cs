using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Vimercate.Api.Operations;
using Vimercate.Api.Quota;
using Vimercate.Api.Security;

namespace Vimercate.Api.Campaigns;

/// <summary>Services the campaign, quota and statistics routes share.</summary>
public static class CampaignsServiceExtensions
{
    /// <summary>Registers the service calendar (clock, local days, quota weeks), the readiness check of the templates and the test phones.</summary>
    public static IHostApplicationBuilder AddCampaigns(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ServiceCalendar>();
        builder.Services.AddHealthChecks().AddCheck<TemplatesHealthCheck>(TemplatesHealthCheck.Name, tags: [OperationsApi.ReadyTag]);
        builder.Services.AddSingleton<TestRecipients>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PressOfficeOptions>, TestRecipientsValidator>());
        return builder;
    }
}
