using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Vimercate.Messaging;

namespace Vimercate.Broadcasts;

/// <summary>Registers what campaigns need besides their grains: options, the scheduler and the status router.</summary>
public static class BroadcastServiceCollectionExtensions
{
    /// <summary>Adds <see cref="BroadcastOptions"/>, <see cref="CampaignScheduler"/> and <see cref="CampaignStatusRouter"/>, which becomes the <see cref="IDeliveryStatusSink"/>.</summary>
    public static IServiceCollection AddBroadcasts(this IServiceCollection services)
    {
        services.AddOptions<BroadcastOptions>().BindConfiguration(BroadcastOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BroadcastOptions>, BroadcastOptionsValidator>());
        services.TryAddSingleton<CampaignScheduler>();
        services.TryAddSingleton<CampaignStatusRouter>();
        services.Replace(ServiceDescriptor.Singleton<IDeliveryStatusSink>(provider => provider.GetRequiredService<CampaignStatusRouter>()));
        return services;
    }
}

/// <summary>Refuses campaign settings that would stall or flood the fan-out.</summary>
internal sealed class BroadcastOptionsValidator : IValidateOptions<BroadcastOptions>
{
    public ValidateOptionsResult Validate(string? name, BroadcastOptions options)
    {
        var failures = new List<string>();
        if (options.BatchSize is < 1 or > 1000)
        {
            failures.Add("Broadcasts:BatchSize must be between 1 and 1000.");
        }

        if (options.MaxSendAttempts < 1)
        {
            failures.Add("Broadcasts:MaxSendAttempts must be at least 1.");
        }

        var times = new[] { options.BatchInterval, options.TokenWait, options.RetryDelay, options.StallTimeout, options.WatchInterval, options.ReminderPeriod };
        if (times.Any(t => t <= TimeSpan.Zero))
        {
            failures.Add("Broadcasts: BatchInterval, TokenWait, RetryDelay, StallTimeout, WatchInterval and ReminderPeriod must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
