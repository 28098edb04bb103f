using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Vimercate.Console.Tests;

/// <summary>In Cloud mode the console is there and the citizen simulator is not.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class CloudModeTests : IAsyncLifetime
{
    private const string Key = "console-tests-cloud-key";
    private readonly CloudFactory _factory = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Theory]
    [InlineData("/sandbox/")]
    [InlineData("/sandbox/index.html")]
    [InlineData("/sandbox/simulator.js")]
    [InlineData("/sandbox/outbox/events?to=393331234567")]
    public async Task TheSimulatorIsNotServed(string path)
    {
        using var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task TheConsoleIsServedAndSaysThereIsNoSimulator()
    {
        using var page = await _client.GetAsync("/");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Add("X-Api-Key", Key);
        using var me = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.False((await me.Content.ReadFromJsonAsync<Me>())!.Sandbox);
    }

    private sealed record Me(string Name, string[] Roles, bool Sandbox);

    private sealed class CloudFactory : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("WhatsApp:Mode", "Cloud");
            builder.UseSetting("WhatsApp:GraphApiBaseUrl", "http://127.0.0.1:9");
            builder.UseSetting("WhatsApp:PhoneNumberId", "610000000000009");
            builder.UseSetting("WhatsApp:AccessToken", "console-tests-access-token");
            builder.UseSetting("WhatsApp:AppSecret", "console-tests-app-secret");
            builder.UseSetting("WhatsApp:VerifyToken", "console-tests-verify-token");
            builder.UseFreeOrleansPorts();
            builder.UseSetting("PressOffice:ApiKeys:0:Name", "cloud");
            builder.UseSetting("PressOffice:ApiKeys:0:Key", Key);
            builder.UseSetting("PressOffice:ApiKeys:0:Roles:0", "editor");
        }
    }
}
