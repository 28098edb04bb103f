using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Vimercate.EndToEnd.Tests;

/// <summary>One request the fake Graph API received and what it answered.</summary>
public sealed record GraphRequest(string Path, string? Authorization, JsonElement Body, int AnsweredStatus)
{
    /// <summary>The body's <c>to</c>.</summary>
    public string? To => Body.TryGetProperty("to", out var to) ? to.GetString() : null;
}

/// <summary>A scripted answer: status code and JSON body.</summary>
public sealed record GraphAnswer(int Status, string Json)
{
    public static GraphAnswer Error(int status, int code) =>
        new(status, $$"""{ "error": { "message": "scripted error {{code}}", "type": "OAuthException", "code": {{code}}, "error_data": { "details": "scripted" }, "fbtrace_id": "AbCdEf" } }""");
}

/// <summary>Meta's Graph API as far as sending goes, served over real HTTP on 127.0.0.1 and a free port.</summary>
public sealed class FakeGraphApi : IAsyncDisposable
{
    private readonly ConcurrentQueue<GraphRequest> _requests = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<GraphAnswer>> _scripts = new();
    private WebApplication? _app;
    private int _sent;

    /// <summary>Where the fake listens, e.g. http://127.0.0.1:41234.</summary>
    public string BaseAddress { get; private set; } = "";

    /// <summary>Every request received so far, oldest first.</summary>
    public IReadOnlyList<GraphRequest> Requests => [.. _requests];

    /// <summary>The requests for one recipient (<paramref name="to"/> with its +).</summary>
    public IReadOnlyList<GraphRequest> RequestsTo(string to) => Requests.Where(r => r.To == to).ToList();

    /// <summary>The next answers for one recipient; once used up, requests succeed.</summary>
    public void Script(string to, params GraphAnswer[] answers) => _scripts[to] = new ConcurrentQueue<GraphAnswer>(answers);

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapPost("/{version}/{phoneNumberId}/messages", AnswerAsync);
        await _app.StartAsync();
        BaseAddress = _app.Urls.Single();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        using var document = await JsonDocument.ParseAsync(context.Request.Body);
        var body = document.RootElement.Clone();
        var to = body.TryGetProperty("to", out var toElement) ? toElement.GetString() ?? "" : "";
        var answer = _scripts.TryGetValue(to, out var script) && script.TryDequeue(out var scripted)
            ? scripted
            : new GraphAnswer(200, $$"""{ "messaging_product": "whatsapp", "contacts": [ { "input": "{{to}}", "wa_id": "{{to.TrimStart('+')}}" } ], "messages": [ { "id": "wamid.fake.{{Interlocked.Increment(ref _sent)}}" } ] }""");
        _requests.Enqueue(new GraphRequest(context.Request.Path, context.Request.Headers.Authorization, body, answer.Status));
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.Json);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
