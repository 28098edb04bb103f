using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vimercate.Broadcasts.Tests.Infrastructure;

/// <summary>One request that reached the fake Graph API.</summary>
/// <param name="At">Stopwatch time of arrival.</param>
/// <param name="To">The recipient, as sent (with the plus).</param>
/// <param name="CampaignId">biz_opaque_callback_data, when present.</param>
public sealed record GraphRequest(TimeSpan At, string To, string? CampaignId);

/// <summary>Meta's send endpoint on 127.0.0.1 and a free port: accepts every message and notes when it arrived.</summary>
public sealed class FakeGraphApi : IAsyncDisposable
{
    private readonly ConcurrentQueue<GraphRequest> _requests = new();
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _ids;
    private WebApplication? _app;

    /// <summary>The base URL (WhatsApp:GraphApiBaseUrl).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Every request so far.</summary>
    public IReadOnlyList<GraphRequest> Requests => [.. _requests];

    /// <summary>Starts the server.</summary>
    public static async Task<FakeGraphApi> StartAsync()
    {
        var api = new FakeGraphApi();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/{version}/{phoneNumberId}/messages", api.AcceptAsync);
        await app.StartAsync();
        api._app = app;
        api.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return api;
    }

    /// <summary>The most requests that arrived within any one second.</summary>
    public int BusiestSecond()
    {
        var times = Requests.Select(r => r.At).Order().ToArray();
        var busiest = 0;
        var end = 0;
        for (var start = 0; start < times.Length; start++)
        {
            while (end < times.Length && times[end] < times[start] + TimeSpan.FromSeconds(1))
            {
                end++;
            }

            busiest = Math.Max(busiest, end - start);
        }

        return busiest;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task<IResult> AcceptAsync(HttpRequest request)
    {
        var at = Stopwatch.GetElapsedTime(_started);
        using var body = await JsonDocument.ParseAsync(request.Body);
        var to = body.RootElement.GetProperty("to").GetString() ?? "";
        var campaign = body.RootElement.TryGetProperty("biz_opaque_callback_data", out var data) ? data.GetString() : null;
        _requests.Enqueue(new GraphRequest(at, to, campaign));
        var id = $"wamid.graph.{Interlocked.Increment(ref _ids)}";
        return Results.Json(new { messaging_product = "whatsapp", contacts = new[] { new { input = to, wa_id = to.TrimStart('+') } }, messages = new[] { new { id } } });
    }
}
