using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Vimercate.Testing.Graph;

/// <summary>How a <see cref="FakeGraphApi"/> records and answers.</summary>
public sealed record FakeGraphOptions
{
    /// <summary>Keep a <see cref="GraphRequest"/> of every request (the counters are kept in any case).</summary>
    public bool KeepRequests { get; init; } = true;

    /// <summary>Keep each request's body and Authorization header in its record.</summary>
    public bool KeepBodies { get; init; } = true;

    /// <summary>How long answers take.</summary>
    public GraphLatency Latency { get; init; } = GraphLatency.None;

    /// <summary>Handles every request that is not a send (the bench's control routes); null answers them 404.</summary>
    public Func<HttpContext, Task>? OtherRequests { get; init; }
}

/// <summary>
/// Meta's send endpoint (<c>POST …/{version}/{phone-number-id}/messages</c>) served by Kestrel on 127.0.0.1 and a free
/// port: it records every request with its arrival time, answers after a latency, follows error plans, outages and late
/// answers, and can post signed status webhooks for what it accepted. Cheap enough for the bench: one terminal
/// delegate, the body read without building a document, the answer written from pre-encoded pieces.
/// </summary>
public sealed class FakeGraphApi : IAsyncDisposable
{
    private static readonly byte[] AnswerStart = "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"+"u8.ToArray();
    private static readonly byte[] AnswerWaId = "\",\"wa_id\":\""u8.ToArray();
    private static readonly byte[] AnswerMessages = "\"}],\"messages\":[{\"id\":\""u8.ToArray();
    private static readonly byte[] AnswerEnd = "\",\"message_status\":\"accepted\"}]}"u8.ToArray();
    private static readonly GraphError InvalidParameter = new(400, 100, "Invalid parameter");

    private readonly FakeGraphOptions _options;
    private readonly GraphTally _tally = new();
    private readonly ConcurrentQueue<GraphRequest> _requests = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<GraphAnswer>> _scripts = new();
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly SemaphoreSlim _listening = new(1, 1);
    private GraphPlan[] _plans = [];
    private WebApplication? _app;
    private StatusCallbacks? _statuses;
    private long _unavailableUntil;
    private long _messageIds;
    private int _port;

    private FakeGraphApi(FakeGraphOptions options) => _options = options;

    /// <summary>The base URL to configure as <c>WhatsApp:GraphApiBaseUrl</c>, e.g. http://127.0.0.1:41234.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The latency of the answers from now on.</summary>
    public GraphLatency Latency { get; set; } = GraphLatency.None;

    /// <summary>Every request recorded so far, oldest first.</summary>
    public IReadOnlyList<GraphRequest> Requests => [.. _requests];

    /// <summary>The signed status webhooks posted so far, when <see cref="SendStatuses"/> was called.</summary>
    public StatusCallbacks? Statuses => _statuses;

    /// <summary>Starts the fake on 127.0.0.1 and a free port.</summary>
    public static async Task<FakeGraphApi> StartAsync(FakeGraphOptions? options = null)
    {
        var api = new FakeGraphApi(options ?? new FakeGraphOptions());
        api.Latency = api._options.Latency;
        await api.ListenAsync();
        api.BaseUrl = $"http://127.0.0.1:{api._port.ToString(CultureInfo.InvariantCulture)}";
        return api;
    }

    /// <summary>A base URL whose requests are recorded with <paramref name="host"/> as their <see cref="GraphRequest.Host"/> (one per host process).</summary>
    public string BaseUrlFor(string host) => $"{BaseUrl}/{host}";

    /// <summary>The next requests to <paramref name="number"/> get these answers, in order; afterwards the plans apply.</summary>
    public void Script(string number, params GraphAnswer[] answers)
    {
        var queue = _scripts.GetOrAdd(Digits(number), _ => new ConcurrentQueue<GraphAnswer>());
        foreach (var answer in answers)
        {
            queue.Enqueue(answer);
        }
    }

    /// <summary>The request with sequence number <paramref name="n"/> (1-based, counted since start or reset) gets <paramref name="answer"/>.</summary>
    public void AnswerNth(long n, GraphAnswer answer) => AddPlan(new GraphPlan(answer, Nth: n));

    /// <summary>Every <paramref name="every"/>-th request gets <paramref name="answer"/>.</summary>
    public void AnswerEvery(long every, GraphAnswer answer) => AddPlan(new GraphPlan(answer, Every: every));

    /// <summary>A share of the requests (0 to 1, spread evenly and the same on every run) gets <paramref name="answer"/>.</summary>
    public void AnswerShare(double share, GraphAnswer answer) => AddPlan(new GraphPlan(answer, Share: share));

    /// <summary>The next <paramref name="count"/> requests, whatever their recipient, get <paramref name="answer"/>.</summary>
    public void AnswerNext(int count, GraphAnswer answer) => AddPlan(new GraphPlan(answer, Remaining: new StrongBox(count)));

    /// <summary>Forgets every script and plan: requests are accepted again.</summary>
    public void ClearPlans()
    {
        Volatile.Write(ref _plans, []);
        _scripts.Clear();
    }

    /// <summary>
    /// An outage of <paramref name="duration"/> from now: every request gets 503 with code 2, or no connection is accepted.
    /// The task ends when the outage is over; tests may go on without awaiting it.
    /// </summary>
    public async Task OutageAsync(TimeSpan duration, GraphOutageKind kind = GraphOutageKind.Unavailable)
    {
        if (kind == GraphOutageKind.Unavailable)
        {
            Volatile.Write(ref _unavailableUntil, Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency));
            await Task.Delay(duration);
            return;
        }

        await StopListeningAsync();
        try
        {
            await Task.Delay(duration);
        }
        finally
        {
            await ListenAsync();
        }
    }

    /// <summary>From now on, posts <c>sent</c>, <c>delivered</c> and <c>read</c> status webhooks for every accepted message.</summary>
    public StatusCallbacks SendStatuses(StatusCallbackOptions options)
    {
        var statuses = new StatusCallbacks(options);
        var previous = Interlocked.Exchange(ref _statuses, statuses);
        previous?.Dispose();
        return statuses;
    }

    /// <summary>The recorded requests to one number (digits, with or without the plus).</summary>
    public IReadOnlyList<GraphRequest> RequestsTo(string number)
    {
        var digits = Digits(number);
        return [.. _requests.Where(r => r.To == digits)];
    }

    /// <summary>The recorded requests of one campaign.</summary>
    public IReadOnlyList<GraphRequest> RequestsOf(string campaignId) => [.. _requests.Where(r => r.CampaignId == campaignId)];

    /// <summary>Accepted messages per recipient, of one campaign or of all; a count above 1 is a duplicate.</summary>
    public IReadOnlyDictionary<string, int> AcceptedPerRecipient(string? campaignId = null) =>
        _requests.Where(r => r.Accepted && (campaignId is null || r.CampaignId == campaignId))
            .GroupBy(r => r.To)
            .ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Recipients that got more than one accepted message (of one campaign, or of all).</summary>
    public IReadOnlyList<string> Duplicates(string? campaignId = null) =>
        [.. AcceptedPerRecipient(campaignId).Where(pair => pair.Value > 1).Select(pair => pair.Key).Order(StringComparer.Ordinal)];

    /// <summary>The most requests that arrived within any one second (a sliding window over arrival times).</summary>
    public int BusiestSecond(Func<GraphRequest, bool>? which = null)
    {
        var times = _requests.Where(which ?? (_ => true)).Select(r => r.ArrivedTicks).Order().ToArray();
        var busiest = 0;
        var end = 0;
        for (var start = 0; start < times.Length; start++)
        {
            while (end < times.Length && times[end] < times[start] + Stopwatch.Frequency)
            {
                end++;
            }

            busiest = Math.Max(busiest, end - start);
        }

        return busiest;
    }

    /// <summary>Requests per second that arrived between <paramref name="from"/> and <paramref name="to"/> (times since the fake started).</summary>
    public double AverageRate(TimeSpan from, TimeSpan to, Func<GraphRequest, bool>? which = null)
    {
        if (to <= from)
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, "The interval must end after it starts.");
        }

        var count = _requests.Count(r => r.ArrivedAt >= from && r.ArrivedAt < to && (which is null || which(r)));
        return count / (to - from).TotalSeconds;
    }

    /// <summary>The running counts (kept even when requests are not).</summary>
    public GraphCounters Counters() => _tally.Snapshot();

    /// <summary>When the first accepted message to each recipient arrived (<see cref="Stopwatch"/> ticks), 0 when none did.</summary>
    public long[] FirstArrivalsOf(IReadOnlyList<ulong> recipients) => _tally.FirstArrivalsOf(recipients);

    /// <summary>Forgets every request and count, scripts and plans; the latency stays.</summary>
    public void Reset()
    {
        ClearPlans();
        _requests.Clear();
        _tally.Reset();
        Volatile.Write(ref _unavailableUntil, 0);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _statuses?.Dispose();
        await StopListeningAsync();
        _listening.Dispose();
    }

    private static string Digits(string number) => number.StartsWith('+') ? number[1..] : number;

    private void AddPlan(GraphPlan plan)
    {
        GraphPlan[] current, next;
        do
        {
            current = Volatile.Read(ref _plans);
            next = [.. current, plan];
        }
        while (Interlocked.CompareExchange(ref _plans, next, current) != current);
    }

    private async Task ListenAsync()
    {
        await _listening.WaitAsync();
        try
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(kestrel =>
            {
                kestrel.Listen(IPAddress.Loopback, _port);
                kestrel.AddServerHeader = false;
                kestrel.Limits.MaxConcurrentConnections = null;
            });
            var app = builder.Build();
            app.Run(HandleAsync);
            await app.StartAsync();
            _port = new Uri(app.Urls.Single()).Port;
            _app = app;
        }
        finally
        {
            _listening.Release();
        }
    }

    private async Task StopListeningAsync()
    {
        await _listening.WaitAsync();
        try
        {
            if (_app is { } app)
            {
                _app = null;
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await app.StopAsync(grace.Token);
                await app.DisposeAsync();
            }
        }
        finally
        {
            _listening.Release();
        }
    }

    private Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (HttpMethods.IsPost(context.Request.Method) && path.EndsWith("/messages", StringComparison.Ordinal))
        {
            return SendAsync(context, path);
        }

        if (_options.OtherRequests is { } other)
        {
            return other(context);
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private async Task SendAsync(HttpContext context, string path)
    {
        var arrived = Stopwatch.GetTimestamp();
        var sequence = _tally.Arrive(arrived);
        var body = await ReadBodyAsync(context.Request.BodyReader);
        try
        {
            var (to, campaign, type) = ReadMessage(body);
            var digits = Digits(to);
            var valid = digits.Length > 0 && ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out _);
            var answer = valid ? Decide(sequence, digits, arrived) : GraphAnswer.Fail(InvalidParameter);
            string? messageId = null;
            if (answer.Error is null)
            {
                messageId = Wamids.For(digits, Interlocked.Increment(ref _messageIds));
                _tally.Accept(ulong.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture), arrived, campaign is not null, body);
                _statuses?.Accepted(messageId, digits, campaign);
            }
            else
            {
                _tally.Fail();
            }

            if (_options.KeepRequests)
            {
                _requests.Enqueue(new GraphRequest(
                    sequence,
                    arrived,
                    Stopwatch.GetElapsedTime(_started, arrived),
                    digits,
                    campaign,
                    type,
                    path,
                    _options.KeepBodies ? context.Request.Headers.Authorization.ToString() : null,
                    answer.Error?.Status ?? StatusCodes.Status200OK,
                    answer.Error?.Code,
                    messageId,
                    _options.KeepBodies ? body.ToArray() : null));
            }

            var delay = Latency.Draw() + answer.LateBy;
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay);
            }

            await AnswerAsync(context.Response, answer, digits, messageId, sequence);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body.Array!);
            _tally.Answered();
        }
    }

    private GraphAnswer Decide(long sequence, string digits, long arrived)
    {
        if (arrived < Volatile.Read(ref _unavailableUntil))
        {
            return GraphAnswer.Fail(GraphError.Unavailable);
        }

        if (_scripts.TryGetValue(digits, out var script) && script.TryDequeue(out var scripted))
        {
            return scripted;
        }

        foreach (var plan in Volatile.Read(ref _plans))
        {
            if (plan.Applies(sequence))
            {
                return plan.Answer;
            }
        }

        return GraphAnswer.Accept;
    }

    private static async Task AnswerAsync(HttpResponse response, GraphAnswer answer, string digits, string? messageId, long sequence)
    {
        if (response.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        response.ContentType = "application/json";
        try
        {
            if (answer.Error is { } error)
            {
                response.StatusCode = error.Status;
                await response.Body.WriteAsync(error.Body(sequence));
                return;
            }

            WriteAccepted(response, digits, messageId!);
            await response.BodyWriter.FlushAsync();
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException)
        {
            // The client gave up before the answer: Meta's answer is lost the same way.
        }
    }

    private static void WriteAccepted(HttpResponse response, string digits, string messageId)
    {
        var length = AnswerStart.Length + digits.Length + AnswerWaId.Length + digits.Length + AnswerMessages.Length + messageId.Length + AnswerEnd.Length;
        response.ContentLength = length;
        var writer = response.BodyWriter;
        var span = writer.GetSpan(length);
        var at = 0;
        AnswerStart.CopyTo(span);
        at += AnswerStart.Length;
        at += Encoding.ASCII.GetBytes(digits, span[at..]);
        AnswerWaId.CopyTo(span[at..]);
        at += AnswerWaId.Length;
        at += Encoding.ASCII.GetBytes(digits, span[at..]);
        AnswerMessages.CopyTo(span[at..]);
        at += AnswerMessages.Length;
        at += Encoding.ASCII.GetBytes(messageId, span[at..]);
        AnswerEnd.CopyTo(span[at..]);
        at += AnswerEnd.Length;
        writer.Advance(at);
    }

    /// <summary>The body in a pooled array (the caller returns it); the segment covers the bytes read.</summary>
    private static async Task<ArraySegment<byte>> ReadBodyAsync(PipeReader reader)
    {
        while (true)
        {
            var result = await reader.ReadAsync();
            if (result.IsCompleted || result.Buffer.Length > 1024 * 1024)
            {
                var length = (int)result.Buffer.Length;
                var array = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
                result.Buffer.CopyTo(array);
                reader.AdvanceTo(result.Buffer.End);
                return new ArraySegment<byte>(array, 0, length);
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>The top-level <c>to</c>, <c>biz_opaque_callback_data</c> and <c>type</c>, read without building a document.</summary>
    private static (string To, string? Campaign, string? Type) ReadMessage(ReadOnlySpan<byte> body)
    {
        var to = "";
        string? campaign = null;
        string? type = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }

                if (reader.ValueTextEquals("to"u8))
                {
                    reader.Read();
                    to = reader.TokenType == JsonTokenType.String ? reader.GetString() ?? "" : "";
                }
                else if (reader.ValueTextEquals("biz_opaque_callback_data"u8))
                {
                    reader.Read();
                    campaign = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    type = reader.TokenType == JsonTokenType.String ? TypeName(reader.ValueSpan) : null;
                }
            }
        }
        catch (JsonException)
        {
            return ("", null, null);
        }

        return (to, campaign, type);
    }

    private static string TypeName(ReadOnlySpan<byte> value) => value switch
    {
        _ when value.SequenceEqual("text"u8) => "text",
        _ when value.SequenceEqual("template"u8) => "template",
        _ when value.SequenceEqual("image"u8) => "image",
        _ when value.SequenceEqual("document"u8) => "document",
        _ => Encoding.UTF8.GetString(value),
    };

    /// <summary>One error plan: which requests it answers, and how.</summary>
    private sealed record GraphPlan(GraphAnswer Answer, long Nth = 0, long Every = 0, double Share = 0, StrongBox? Remaining = null)
    {
        public bool Applies(long sequence) =>
            (Nth > 0 && sequence == Nth)
            || (Every > 0 && sequence % Every == 0)
            || (Share > 0 && Spread(sequence) < Share)
            || (Remaining is { } remaining && Interlocked.Decrement(ref remaining.Value) >= 0);

        // A fixed, even spread over (0, 1): the golden-ratio sequence, so a share of 0.1 hits one request in ten.
        private static double Spread(long sequence) => sequence * 0.6180339887498949 % 1.0;
    }

    /// <summary>A counter shared by the copies of a plan record.</summary>
    private sealed class StrongBox(int value)
    {
        public int Value = value;
    }
}
