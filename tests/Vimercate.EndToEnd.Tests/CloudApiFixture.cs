using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Vimercate.Abstractions;

namespace Vimercate.EndToEnd.Tests;

/// <summary>The API in Cloud mode, sending over real HTTP to a <see cref="FakeGraphApi"/>.</summary>
public sealed class CloudApiFixture : IAsyncLifetime
{
    public const string AppSecret = "e2e-app-secret";
    public const string AccessToken = "e2e-access-token";
    public const string ApiVersion = "v25.0";
    public const string PhoneNumberId = "610000000000001";
    public const string EditorKey = "e2e-editor-key-0123456789";
    public const string NewsTemplate = "notizia_comune";
    public const string TestPhone = "393472000911";

    private CloudApiFactory? _factory;

    public FakeGraphApi Graph { get; } = new();

    public WebApplicationFactory<Program> Api => _factory ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>What the service holds about one number.</summary>
    public Task<SubscriberView> SubscriberAsync(string number) =>
        Api.Services.GetRequiredService<IGrainFactory>().GetGrain<ISubscriberGrain>(number).GetAsync();

    public async Task InitializeAsync()
    {
        await Graph.StartAsync();
        _factory = new CloudApiFactory(Graph.BaseAddress);
        _factory.StartServer();
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await Graph.DisposeAsync();
    }

    private sealed class CloudApiFactory(string graphApiBaseUrl) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("WhatsApp:Mode", "Cloud");
            builder.UseSetting("WhatsApp:GraphApiBaseUrl", graphApiBaseUrl);
            builder.UseSetting("WhatsApp:ApiVersion", ApiVersion);
            builder.UseSetting("WhatsApp:PhoneNumberId", PhoneNumberId);
            builder.UseSetting("WhatsApp:AccessToken", AccessToken);
            builder.UseSetting("WhatsApp:AppSecret", AppSecret);
            builder.UseSetting("WhatsApp:VerifyToken", "e2e-verify-token");
            builder.UseSetting("WhatsApp:Templates:News:Name", NewsTemplate);
            builder.UseSetting("WhatsApp:Templates:News:Language", "it");
            builder.UseSetting("Service:QuietHours", "");
            builder.UseSetting("PressOffice:TestRecipients:0", TestPhone);
            builder.UseSetting("PressOffice:ApiKeys:0:Name", "redazione");
            builder.UseSetting("PressOffice:ApiKeys:0:Key", EditorKey);
            builder.UseSetting("PressOffice:ApiKeys:0:Roles:0", "editor");
            builder.UseSetting("Orleans:SiloPort", FreePort());
            builder.UseSetting("Orleans:GatewayPort", FreePort());
        }

        private static string FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        }
    }
}

/// <summary>One Cloud-mode API and fake Graph API for every test class of the collection.</summary>
[CollectionDefinition(Name)]
public sealed class CloudCollection : ICollectionFixture<CloudApiFixture>
{
    public const string Name = "cloud";
}
