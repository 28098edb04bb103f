using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Vimercate.Abstractions;
using Vimercate.Testing.Graph;

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
    private FakeGraphApi? _graph;

    public FakeGraphApi Graph => _graph ?? throw new InvalidOperationException("The fixture has not started.");

    public WebApplicationFactory<Program> Api => _factory ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>What the service holds about one number.</summary>
    public Task<SubscriberView> SubscriberAsync(string number) =>
        Api.Services.GetRequiredService<IGrainFactory>().GetGrain<ISubscriberGrain>(number).GetAsync();

    public async Task InitializeAsync()
    {
        _graph = await FakeGraphApi.StartAsync();
        _factory = new CloudApiFactory(_graph.BaseUrl);
        _factory.StartServer();
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_graph is not null)
        {
            await _graph.DisposeAsync();
        }
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
            builder.UseFreeOrleansPorts();
        }
    }
}

/// <summary>One Cloud-mode API and fake Graph API for every test class of the collection.</summary>
[CollectionDefinition(Name)]
public sealed class CloudCollection : ICollectionFixture<CloudApiFixture>
{
    public const string Name = "cloud";
}
