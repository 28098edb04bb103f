using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vimercate.Abstractions;
using Vimercate.Hosting;
using Vimercate.Messaging;

namespace Vimercate.Api.Tests.Privacy;

/// <summary>The API on embedded defaults (co-hosted silo, sandbox) with its own silo ports and every log line captured.</summary>
public class PrivacyApiFactory : WebApplicationFactory<Program>
{
    /// <summary>The webhook's app secret.</summary>
    public const string AppSecret = "privacy-tests-app-secret";

    /// <summary>What every log provider of the host was handed.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>What the sandbox sender "sent".</summary>
    public SandboxOutbox Outbox => Services.GetRequiredService<SandboxOutbox>();

    /// <summary>The co-hosted silo's grains.</summary>
    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    /// <summary>How many numbers the audience holds, over all shards.</summary>
    public async Task<int> AudienceSizeAsync()
    {
        var shards = Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AudienceOptions>>().Value.ShardCount;
        var counts = await Task.WhenAll(Enumerable.Range(0, shards).Select(shard => Grains.GetGrain<IAudienceShardGrain>(shard).CountAsync()));
        return counts.Sum();
    }

    /// <summary>The least severe level captured; Debug shows Orleans' own lines too.</summary>
    protected virtual string LogLevelSetting => "Information";

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("WhatsApp:Mode", "Sandbox");
        builder.UseSetting("WhatsApp:AppSecret", AppSecret);
        builder.UseSetting("WhatsApp:VerifyToken", "privacy-tests-verify-token");
        builder.UseSetting("Orleans:SiloPort", FreePort());
        builder.UseSetting("Orleans:GatewayPort", FreePort());
        foreach (var category in new[] { "Default", "Orleans", "Microsoft", "Microsoft.AspNetCore", "System.Net.Http.HttpClient" })
        {
            builder.UseSetting($"Logging:LogLevel:{category}", LogLevelSetting);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }

    private static string FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
    }
}

/// <summary>The same host with Debug lines captured, for the end-to-end run whose logs must hold no number.</summary>
public sealed class VerboseLoggingApiFactory : PrivacyApiFactory
{
    /// <inheritdoc />
    protected override string LogLevelSetting => "Debug";
}

/// <summary>Tests of the privacy host at default log levels.</summary>
[CollectionDefinition(Name)]
public sealed class PrivacyApiCollection : ICollectionFixture<PrivacyApiFactory>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "privacy-api";
}

/// <summary>The end-to-end run whose captured logs are searched for numbers.</summary>
[CollectionDefinition(Name)]
public sealed class VerboseLoggingCollection : ICollectionFixture<VerboseLoggingApiFactory>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "privacy-logs";
}
