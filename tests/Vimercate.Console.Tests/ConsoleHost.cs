using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Vimercate.Console.Tests;

/// <summary>The real API on Kestrel at a free 127.0.0.1 port: embedded silo, sandbox sender, one key per role mix.</summary>
public class ConsoleHost : IAsyncLifetime
{
    public const string AdminKey = "console-tests-admin-key";
    public const string EditorKey = "console-tests-editor-key";
    public const string EmergencyKey = "console-tests-emergency-key";
    public const string DpoKey = "console-tests-dpo-key";

    /// <summary>Weather campaigns fill this approved template, so its limit applies.</summary>
    public const string WeatherTemplate = "allerta_meteo";
    public const int WeatherTemplateMaxLength = 700;

    /// <summary>Staff phones that receive test sends; the first is subscribed by the tests that need it.</summary>
    public static readonly string[] TestRecipients = ["393471900001", "393471900002"];

    private Factory? _factory;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Talks to the API directly, for what a test arranges or checks behind the browser's back.</summary>
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _factory = new Factory(Settings);
        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        await Task.Run(_factory.StartServer);
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.Single());
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }

    /// <summary>Settings that replace the defaults of this host.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    /// <summary>A citizen writes to the service, as the simulator does.</summary>
    public async Task<string> SendAsCitizenAsync(string from, string text)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/sandbox/inbound") { Content = JsonContent.Create(new { from, text }) };
        request.Headers.Add("X-Api-Key", AdminKey);
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<InboundAnswer>())!.Outcome;
    }

    /// <summary>A GET with an API key.</summary>
    public Task<HttpResponseMessage> GetAsync(string path, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return Http.SendAsync(request);
    }

    /// <summary>A GET with an API key, read as JSON.</summary>
    public async Task<T> GetJsonAsync<T>(string path, string key = AdminKey)
    {
        using var response = await GetAsync(path, key);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    /// <summary>Creates a campaign through the REST API.</summary>
    public async Task<HttpResponseMessage> CreateCampaignAsync(object body, string key = EditorKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/campaigns") { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", key);
        return await Http.SendAsync(request);
    }

    /// <summary>Active subscribers now.</summary>
    public async Task<int> ActiveSubscribersAsync() => (await GetJsonAsync<Trend>("/api/subscribers/stats/daily?days=1")).Active;

    private sealed record InboundAnswer(string Outcome);

    private sealed record Trend(int Active);

    private sealed class Factory(IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("WhatsApp:Mode", "Sandbox");
            builder.UseSetting("WhatsApp:AppSecret", "console-tests-app-secret");
            builder.UseSetting("WhatsApp:VerifyToken", "console-tests-verify-token");
            builder.UseSetting("WhatsApp:Templates:Weather:Name", WeatherTemplate);
            builder.UseSetting("WhatsApp:Templates:Weather:MaxTextLength", WeatherTemplateMaxLength.ToString(CultureInfo.InvariantCulture));
            builder.UseFreeOrleansPorts();
            builder.UseSetting("Console:StatisticsInterval", "00:00:01");

            // Campaigns asked for now go now, whatever the hour the tests run at.
            builder.UseSetting("Service:QuietHours", "");
            for (var i = 0; i < TestRecipients.Length; i++)
            {
                builder.UseSetting($"PressOffice:TestRecipients:{i}", TestRecipients[i]);
            }
            Key(builder, 0, "amministrazione", AdminKey, "admin");
            Key(builder, 1, "redazione", EditorKey, "editor");
            Key(builder, 2, "protezione-civile", EmergencyKey, "editor", "emergency");
            Key(builder, 3, "responsabile-dati", DpoKey, "dpo");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }

        private static void Key(IWebHostBuilder builder, int index, string name, string key, params string[] roles)
        {
            builder.UseSetting($"PressOffice:ApiKeys:{index}:Name", name);
            builder.UseSetting($"PressOffice:ApiKeys:{index}:Key", key);
            for (var i = 0; i < roles.Length; i++)
            {
                builder.UseSetting($"PressOffice:ApiKeys:{index}:Roles:{i}", roles[i]);
            }
        }
    }
}
