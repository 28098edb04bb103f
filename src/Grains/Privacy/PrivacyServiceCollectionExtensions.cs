using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Vimercate.Privacy;

/// <summary>Registers what keeps numbers out of plain sight: the keyed hash, the retention settings and the log redaction.</summary>
public static class PrivacyServiceCollectionExtensions
{
    /// <summary><see cref="PrivacyOptions"/> (validated at start-up), the <see cref="NumberHasher"/>, the <see cref="LogRedactor"/> in the <see cref="RedactingLoggerFactory"/>.</summary>
    public static IServiceCollection AddPrivacy(this IServiceCollection services)
    {
        services.AddOptions<PrivacyOptions>().BindConfiguration(PrivacyOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PrivacyOptions>, PrivacyOptionsValidator>());
        services.TryAddSingleton<NumberHasher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, HashKeyNotice>());
        RedactingLoggerFactory.Install(services);
        return services;
    }
}
