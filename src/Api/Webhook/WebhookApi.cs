using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Api.Operations;
using Vimercate.Hosting;
using Vimercate.Messaging;
using Vimercate.Privacy;

namespace Vimercate.Api.Webhook;

/// <summary>Meta's WhatsApp webhook: the verification handshake and the signed event deliveries.</summary>
public static partial class WebhookApi
{
    /// <summary>The route Meta calls.</summary>
    public const string Route = "/webhooks/whatsapp";

    /// <summary>The largest body Meta sends (3 MB); larger ones are refused with 413.</summary>
    public const int MaxBodyBytes = 3 * 1024 * 1024;

    /// <summary>The parser and the <see cref="InboundProcessor"/> the webhook and the sandbox share.</summary>
    public static IHostApplicationBuilder AddWebhook(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WebhookPayloadParser>();
        builder.Services.AddSingleton<InboundProcessor>();
        return builder;
    }

    /// <summary><c>GET /webhooks/whatsapp</c> (handshake) and <c>POST /webhooks/whatsapp</c> (events).</summary>
    public static IEndpointRouteBuilder MapWebhook(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Route).WithTags("Webhook").ExcludeFromDescription();
        group.MapGet("", Verify);
        group.MapPost("", ReceiveAsync);
        return endpoints;
    }

    private static Results<ContentHttpResult, ProblemHttpResult> Verify(
        [FromQuery(Name = "hub.mode")] string? mode,
        [FromQuery(Name = "hub.verify_token")] string? token,
        [FromQuery(Name = "hub.challenge")] string? challenge,
        IOptionsMonitor<WhatsAppOptions> options,
        ILoggerFactory loggers)
    {
        if (mode == "subscribe" && WebhookSignature.TokenMatches(token, options.CurrentValue.VerifyToken) && !string.IsNullOrEmpty(challenge))
        {
            return TypedResults.Text(challenge, "text/plain");
        }

        LogVerificationRefused(Logger(loggers), mode);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Webhook verification refused.",
            detail: "hub.mode must be subscribe and hub.verify_token must match WhatsApp:VerifyToken.",
            type: ProblemTypes.VerificationFailed);
    }

    private static async Task<Results<Ok, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request,
        IOptionsMonitor<WhatsAppOptions> options,
        WebhookPayloadParser parser,
        InboundProcessor processor,
        IDeliveryStatusSink sink,
        ILoggerFactory loggers)
    {
        var logger = Logger(loggers);
        var body = await ReadBodyAsync(request);
        if (body is null)
        {
            LogTooLarge(logger, request.ContentLength);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Payload too large.",
                detail: $"A webhook body may be at most {MaxBodyBytes} bytes.",
                type: ProblemTypes.PayloadTooLarge);
        }

        var secret = options.CurrentValue.AppSecret;
        if (!WebhookSignature.IsValid(body, request.Headers[WebhookSignature.Header], secret))
        {
            if (string.IsNullOrEmpty(secret))
            {
                LogSecretMissing(logger);
            }
            else
            {
                LogSignatureRefused(logger, request.Headers.ContainsKey(WebhookSignature.Header));
            }

            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Invalid signature.",
                detail: $"{WebhookSignature.Header} must be sha256= and the HMAC-SHA256 of the raw body keyed with the app secret.",
                type: ProblemTypes.InvalidSignature);
        }

        WebhookPayload? payload;
        try
        {
            var whatsApp = options.CurrentValue;
            payload = parser.Parse(body, whatsApp.Mode == WhatsAppMode.Cloud ? whatsApp.PhoneNumberId : null);
        }
        catch (JsonException exception)
        {
            LogMalformed(logger, exception.LineNumber, exception.BytePositionInLine);
            return Malformed($"The body is not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}).");
        }

        if (payload is null)
        {
            LogMalformed(logger, null, null);
            return Malformed("The body must be a JSON object (Meta's webhook envelope).");
        }

        try
        {
            await Task.WhenAll(
                payload.Messages.Count > 0 ? processor.ProcessAsync(payload.Messages) : Task.CompletedTask,
                payload.Statuses.Count > 0 ? AcceptStatusesAsync(sink, payload.Statuses, logger) : Task.CompletedTask);
        }
        catch (Exception exception) when (exception is InboundProcessingException or DeliveryStatusException)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The webhook could not be handled now.",
                detail: "Nothing is lost: deliver it again; messages already handled are recognised by their id.",
                type: ProblemTypes.Unavailable);
        }

        LogReceived(logger, payload.Messages.Count, payload.Statuses.Count);
        return TypedResults.Ok();
    }

    private static async Task AcceptStatusesAsync(IDeliveryStatusSink sink, IReadOnlyList<DeliveryStatusUpdate> statuses, ILogger logger)
    {
        try
        {
            await sink.AcceptAsync(statuses);
        }
        catch (Exception exception)
        {
            LogStatusesFailed(logger, statuses.Count, LogRedaction.Scrub(exception.ToString()));
            throw new DeliveryStatusException();
        }
    }

    private static ProblemHttpResult Malformed(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed webhook body.", detail: detail, type: ProblemTypes.ValidationFailed);

    /// <summary>The raw body bytes, exactly as signed; null when longer than <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(request.HttpContext.RequestAborted);
            var buffer = result.Buffer;
            if (buffer.Length > MaxBodyBytes)
            {
                reader.AdvanceTo(buffer.End);
                return null;
            }

            if (result.IsCompleted)
            {
                var bytes = buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                return bytes;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static ILogger Logger(ILoggerFactory loggers) => loggers.CreateLogger(typeof(WebhookApi).FullName!);

    [LoggerMessage(EventId = 4100, Level = LogLevel.Debug, Message = "Webhook handled: {Messages} messages, {Statuses} statuses")]
    private static partial void LogReceived(ILogger logger, int messages, int statuses);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Webhook verification refused (hub.mode {Mode})")]
    private static partial void LogVerificationRefused(ILogger logger, string? mode);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Webhook refused: wrong signature (header present: {HeaderPresent})")]
    private static partial void LogSignatureRefused(ILogger logger, bool headerPresent);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Error, Message = "Webhook refused: WhatsApp:AppSecret is not configured, so no signature can be checked")]
    private static partial void LogSecretMissing(ILogger logger);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "Webhook refused: body larger than allowed (Content-Length {ContentLength})")]
    private static partial void LogTooLarge(ILogger logger, long? contentLength);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning, Message = "Webhook refused: malformed JSON near line {Line}, byte {Byte}")]
    private static partial void LogMalformed(ILogger logger, long? line, long? @byte);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Error, Message = "Webhook: {Count} delivery statuses could not be handed over: {Error}")]
    private static partial void LogStatusesFailed(ILogger logger, int count, string error);

    /// <summary>The statuses of a payload could not be handed over; logged where it happened.</summary>
    private sealed class DeliveryStatusException() : Exception("The delivery statuses could not be handed over.");
}
