using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Api.Tests.Campaigns;
using Vimercate.Hosting;
using Vimercate.Messaging;

namespace Vimercate.Api.Tests.Privacy;

/// <summary>
/// The press office API host (one key per role, stand-in campaign grains) with every log line captured, a key configured
/// only by its SHA-256, and a rate limit high enough for thousands of requests.
/// </summary>
public class PrivacyApiFactory : PressOfficeApiFactory
{
    /// <summary>The webhook's app secret.</summary>
    public const string AppSecret = "privacy-tests-app-secret";

    /// <summary>A dpo key whose secret the configuration does not hold, only its SHA-256.</summary>
    public static readonly TestKey HashedDpo = new("privacy-officer", "hashed-dpo-key-0123456789", ["dpo"]);

    /// <summary>What every log provider of the host was handed.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>What the sandbox sender "sent".</summary>
    public SandboxOutbox Outbox => Services.GetRequiredService<SandboxOutbox>();

    /// <summary>The least severe level captured; Debug shows Orleans' own lines too.</summary>
    protected virtual string LogLevelSetting => "Information";

    /// <summary>Requests one key may make per window on /api.</summary>
    protected virtual int RequestsPerWindow => 1_000_000;

    /// <summary>How many numbers the audience holds, over all shards.</summary>
    public async Task<int> AudienceSizeAsync()
    {
        var shards = Services.GetRequiredService<IOptions<AudienceOptions>>().Value.ShardCount;
        var counts = await Task.WhenAll(Enumerable.Range(0, shards).Select(shard => Grains.GetGrain<IAudienceShardGrain>(shard).CountAsync()));
        return counts.Sum();
    }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("WhatsApp:AppSecret", AppSecret);
        builder.UseSetting("PressOffice:Limits:RequestsPerWindow", RequestsPerWindow.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var index = Keys.Count;
        builder.UseSetting($"PressOffice:ApiKeys:{index}:Name", HashedDpo.Name);
        builder.UseSetting($"PressOffice:ApiKeys:{index}:KeySha256", Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(HashedDpo.Key))));
        builder.UseSetting($"PressOffice:ApiKeys:{index}:Roles:0", HashedDpo.Roles[0]);
        foreach (var category in new[] { "Default", "Orleans", "Microsoft", "Microsoft.AspNetCore", "System.Net.Http.HttpClient" })
        {
            builder.UseSetting($"Logging:LogLevel:{category}", LogLevelSetting);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}

/// <summary>The same host with Debug lines captured, for the end-to-end run whose logs must hold no number.</summary>
public sealed class VerboseLoggingApiFactory : PrivacyApiFactory
{
    /// <inheritdoc />
    protected override string LogLevelSetting => "Debug";
}

/// <summary>The same host with a rate limit of three requests a minute per key.</summary>
public sealed class RateLimitedApiFactory : PrivacyApiFactory
{
    /// <summary>The limit it runs with.</summary>
    public const int Limit = 3;

    /// <inheritdoc />
    protected override int RequestsPerWindow => Limit;
}

/// <summary>Tests of the privacy host at default log levels; they share one host and run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class PrivacyApiCollection : ICollectionFixture<PrivacyApiFactory>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "privacy-api";
}

/// <summary>The end-to-end run whose captured logs are searched for numbers and secrets.</summary>
[CollectionDefinition(Name)]
public sealed class VerboseLoggingCollection : ICollectionFixture<VerboseLoggingApiFactory>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "privacy-logs";
}
