using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vimercate.Silo.Tests.Processes;

/// <summary>One message that reached the fake Graph API.</summary>
/// <param name="Host">The host process that sent it (the first segment of the path its base URL names).</param>
/// <param name="To">The recipient's digits.</param>
/// <param name="CampaignId">biz_opaque_callback_data: the campaign, or null for a reply.</param>
/// <param name="Order">Position among every request received.</param>
internal sealed record GraphMessage(string Host, string To, string? CampaignId, long Order);

/// <summary>
/// Meta's send endpoint on 127.0.0.1 and a free port, shared by every host process of a test: each host gets a base
/// URL of its own (<see cref="BaseUrlFor"/>), so every message is counted with the process that sent it.
/// </summary>
internal sealed class FakeGraphApi : IAsyncDisposable
{
    private readonly ConcurrentQueue<GraphMessage> _messages = new();
    private readonly WebApplication _app;
    private long _order;

    private FakeGraphApi(WebApplication app) => _app = app;

    private string Address { get; set; } = "";

    /// <summary>Every message received so far.</summary>
    public IReadOnlyList<GraphMessage> Messages => [.. _messages];

    /// <summary>Starts the server.</summary>
    public static async Task<FakeGraphApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var api = new FakeGraphApi(app);
        app.MapPost("/{host}/{version}/{phoneNumberId}/messages", api.AcceptAsync);
        await app.StartAsync();
        api.Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return api;
    }

    /// <summary>The WhatsApp:GraphApiBaseUrl of one host process.</summary>
    public string BaseUrlFor(string host) => $"{Address}/{host}";

    /// <summary>Messages of one campaign.</summary>
    public IReadOnlyList<GraphMessage> MessagesOf(string campaignId) => [.. _messages.Where(m => m.CampaignId == campaignId)];

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> AcceptAsync(string host, HttpRequest request)
    {
        using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        var to = body.RootElement.GetProperty("to").GetString()!.TrimStart('+');
        var campaign = body.RootElement.TryGetProperty("biz_opaque_callback_data", out var data) ? data.GetString() : null;
        var order = Interlocked.Increment(ref _order);
        _messages.Enqueue(new GraphMessage(host, to, campaign, order));
        return Results.Json(new
        {
            messaging_product = "whatsapp",
            contacts = new[] { new { input = $"+{to}", wa_id = to } },
            messages = new[] { new { id = $"wamid.fake.{order}" } },
        });
    }
}
