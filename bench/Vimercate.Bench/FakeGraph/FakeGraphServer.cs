using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Vimercate.Bench.FakeGraph;

/// <summary>
/// Meta's send endpoint (<c>POST /{version}/{phone-number-id}/messages</c>) on 127.0.0.1, as cheap as Kestrel allows:
/// one terminal delegate, no routing, no logging, the answer written from pre-encoded pieces. Control routes under
/// <c>/_fake/</c> read the counters, reset them and set error injection and latency.
/// </summary>
public static class FakeGraphServer
{
    private static readonly byte[] AnswerStart = "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\""u8.ToArray();
    private static readonly byte[] AnswerWaId = "\",\"wa_id\":\""u8.ToArray();
    private static readonly byte[] AnswerMessages = "\"}],\"messages\":[{\"id\":\"wamid.fake."u8.ToArray();
    private static readonly byte[] AnswerEnd = "\"}]}"u8.ToArray();

    /// <summary>Runs until <paramref name="stop"/> fires; prints <c>READY http://127.0.0.1:PORT</c> once listening.</summary>
    public static async Task<int> RunAsync(CancellationToken stop)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxConcurrentConnections = null;
        });
        var state = new FakeGraphState();
        await using var app = builder.Build();
        app.Run(context => HandleAsync(context, state));
        await app.StartAsync(stop);
        Console.Out.WriteLine($"READY {app.Urls.Single()}");
        await Console.Out.FlushAsync(stop);
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException)
        {
        }

        await app.StopAsync(CancellationToken.None);
        return 0;
    }

    private static Task HandleAsync(HttpContext context, FakeGraphState state)
    {
        var path = context.Request.Path.Value ?? "";
        if (HttpMethods.IsPost(context.Request.Method) && path.EndsWith("/messages", StringComparison.Ordinal))
        {
            return SendAsync(context, state);
        }

        return ControlAsync(context, state, path);
    }

    private static async Task SendAsync(HttpContext context, FakeGraphState state)
    {
        var sequence = state.Begin();
        var behaviour = state.Behaviour;
        var body = await ReadBodyAsync(context.Request.BodyReader);
        try
        {
            if (behaviour.LatencyMs > 0)
            {
                await Task.Delay(behaviour.LatencyMs);
            }

            var (to, campaign) = ReadRecipient(body);
            var response = context.Response;
            response.ContentType = "application/json";
            if (to.Length == 0 || !ulong.TryParse(to.AsSpan(to[0] == '+' ? 1 : 0), NumberStyles.None, CultureInfo.InvariantCulture, out var recipient))
            {
                response.StatusCode = StatusCodes.Status400BadRequest;
                state.End(0, accepted: false, campaign, default);
                await response.Body.WriteAsync(ErrorBody(100, "Invalid parameter"));
                return;
            }

            if (behaviour.ErrorEvery > 0 && sequence % behaviour.ErrorEvery == 0)
            {
                response.StatusCode = behaviour.ErrorStatus;
                state.End(recipient, accepted: false, campaign, default);
                await response.Body.WriteAsync(ErrorBody(behaviour.ErrorCode, "Injected error"));
                return;
            }

            state.End(recipient, accepted: true, campaign, body);
            await WriteAcceptedAsync(response, to, sequence);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body.Array!);
        }
    }

    private static async Task WriteAcceptedAsync(HttpResponse response, string to, long sequence)
    {
        var waId = to.TrimStart('+');
        Span<byte> number = stackalloc byte[20];
        Utf8Formatter.TryFormat(sequence, number, out var numberLength);
        var length = AnswerStart.Length + to.Length + AnswerWaId.Length + waId.Length + AnswerMessages.Length + numberLength + AnswerEnd.Length;
        response.ContentLength = length;
        var writer = response.BodyWriter;
        var span = writer.GetSpan(length);
        var at = 0;
        AnswerStart.CopyTo(span);
        at += AnswerStart.Length;
        at += Encoding.ASCII.GetBytes(to, span[at..]);
        AnswerWaId.CopyTo(span[at..]);
        at += AnswerWaId.Length;
        at += Encoding.ASCII.GetBytes(waId, span[at..]);
        AnswerMessages.CopyTo(span[at..]);
        at += AnswerMessages.Length;
        number[..numberLength].CopyTo(span[at..]);
        at += numberLength;
        AnswerEnd.CopyTo(span[at..]);
        at += AnswerEnd.Length;
        writer.Advance(at);
        await writer.FlushAsync();
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

    /// <summary>The top-level <c>to</c> and whether <c>biz_opaque_callback_data</c> is there, read without building a document.</summary>
    private static (string To, bool Campaign) ReadRecipient(ReadOnlySpan<byte> body)
    {
        var to = "";
        var campaign = false;
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
                    to = reader.GetString() ?? "";
                }
                else if (reader.ValueTextEquals("biz_opaque_callback_data"u8))
                {
                    reader.Read();
                    campaign = reader.TokenType == JsonTokenType.String;
                }
            }
        }
        catch (JsonException)
        {
            return ("", false);
        }

        return (to, campaign);
    }

    private static byte[] ErrorBody(int code, string message) => Encoding.UTF8.GetBytes(
        $$$"""{"error":{"message":"{{{message}}}","type":"OAuthException","code":{{{code}}},"error_data":{"details":"{{{message}}}"},"fbtrace_id":"AFakeTrace"}}""");

    private static async Task ControlAsync(HttpContext context, FakeGraphState state, string path)
    {
        switch (path)
        {
            case "/_fake/stats":
                await context.Response.WriteAsJsonAsync(state.Snapshot(), BenchJson.Default.FakeGraphStats);
                return;
            case "/_fake/reset" when HttpMethods.IsPost(context.Request.Method):
                state.Reset();
                state.Behaviour = FakeGraphBehaviour.Default;
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            case "/_fake/behaviour" when HttpMethods.IsPost(context.Request.Method):
                state.Behaviour = await context.Request.ReadFromJsonAsync(BenchJson.Default.FakeGraphBehaviour) ?? FakeGraphBehaviour.Default;
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            case "/_fake/arrivals" when HttpMethods.IsPost(context.Request.Method):
                var recipients = await context.Request.ReadFromJsonAsync(BenchJson.Default.UInt64Array) ?? [];
                await context.Response.WriteAsJsonAsync(state.ArrivalsOf(recipients), BenchJson.Default.Int64Array);
                return;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
        }
    }
}
