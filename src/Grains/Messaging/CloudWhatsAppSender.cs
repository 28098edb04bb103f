using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Hosting;

namespace Vimercate.Messaging;

/// <summary>The transport to Meta's Graph API: one request per message, never retried here, the answer mapped to an outcome (docs/design/limiter.md).</summary>
public sealed partial class CloudWhatsAppSender : IWhatsAppSender
{
    /// <summary>How long one request may take before its outcome counts as unknown (or as not sent, when the body never left).</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan TransientRetryAfter = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaintenanceRetryAfter = TimeSpan.FromSeconds(50);
    private static readonly TimeSpan ThroughputRetryAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PairRateRetryAfter = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan AccountRateRetryAfter = TimeSpan.FromMinutes(1);

    private static readonly GraphRequestBodies Bodies = new();
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string _accessToken;
    private readonly TimeProvider _time;
    private readonly ILogger<CloudWhatsAppSender> _logger;

    /// <summary>Creates the sender for the configured business number.</summary>
    public CloudWhatsAppSender(HttpClient http, IOptions<WhatsAppOptions> options, TimeProvider time, ILogger<CloudWhatsAppSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        _http = http;
        _endpoint = new Uri($"{settings.GraphApiBaseUrl.TrimEnd('/')}/{settings.ApiVersion}/{settings.PhoneNumberId}/messages", UriKind.Absolute);
        _accessToken = settings.AccessToken ?? "";
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var content = new WatchedContent(Bodies.For(message));
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _accessToken);

        SendResult result;
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            result = response.IsSuccessStatusCode
                ? new SendResult(SendOutcome.Sent, GraphSendResponse.WamidOf(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false)))
                : Classify(response, (await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false))?.Error);
        }
        catch (HttpRequestException exception)
        {
            result = NoAnswer(content.Written, $"network: {exception.HttpRequestError}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = NoAnswer(content.Written, "timeout");
        }

        Log(result, message.To);
        return result;
    }

    // Written means the whole body went to the connection: Meta may have it, so the outcome is unknown, not "retry".
    private static SendResult NoAnswer(bool written, string error) => written
        ? new SendResult(SendOutcome.Unknown, Error: error)
        : new SendResult(SendOutcome.RetryLater, Error: error, RetryAfter: Jittered(TransientRetryAfter));

    // Meta's error answers are small: read whole, then parsed in one go.
    private static async Task<GraphErrorResponse?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(bytes, GraphJsonContext.Default.GraphErrorResponse);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Meta's error table (<see cref="GraphErrors"/>): branch on the code, fall back on the HTTP status.</summary>
    private SendResult Classify(HttpResponseMessage response, GraphError? error)
    {
        var status = (int)response.StatusCode;
        var code = error?.Code;
        var retryAfter = RetryAfterHeader(response);

        SendResult Result(SendOutcome outcome, TimeSpan? after = null) =>
            new(outcome, ErrorCode: code ?? status, Error: error?.Message ?? response.ReasonPhrase, RetryAfter: Max(after, retryAfter));

        return code switch
        {
            GraphErrors.SpamRate => Result(SendOutcome.Paused),
            GraphErrors.PairRate => Result(SendOutcome.RetryLater, Jittered(PairRateRetryAfter)),
            GraphErrors.Maintenance => Result(SendOutcome.RetryLater, Jittered(MaintenanceRetryAfter)),
            GraphErrors.Throughput => Result(SendOutcome.RetryLater, ThroughputRetryAfter),
            { } throttling when GraphErrors.IsThrottling(throttling) => Result(SendOutcome.RetryLater, Jittered(AccountRateRetryAfter)),
            { } transient when GraphErrors.IsTransient(transient) => Result(SendOutcome.RetryLater, Jittered(TransientRetryAfter)),
            { } final when GraphErrors.IsFinalForRecipient(final) => Result(SendOutcome.Failed),
            { } stop when GraphErrors.StopsTheAccount(stop) => Result(SendOutcome.Halted),
            _ when status >= 500 => Result(SendOutcome.RetryLater, Jittered(TransientRetryAfter)),
            _ when response.StatusCode == HttpStatusCode.TooManyRequests => Result(SendOutcome.RetryLater, ThroughputRetryAfter),
            _ when response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => Result(SendOutcome.Halted),
            _ => Result(SendOutcome.Failed),
        };
    }

    // A hint between the base and twice the base: retries of many recipients spread out instead of coming back at once.
    private static TimeSpan Jittered(TimeSpan hint) => hint * (1 + Random.Shared.NextDouble());

    private TimeSpan? RetryAfterHeader(HttpResponseMessage response)
    {
        var now = _time.GetUtcNow();
        return response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } when date > now => date - now,
            _ => null,
        };
    }

    private static TimeSpan? Max(TimeSpan? a, TimeSpan? b) => (a, b) switch
    {
        (null, _) => b,
        (_, null) => a,
        _ => a > b ? a : b,
    };

    // The number is masked only for a line that is written: a campaign's sends are logged at debug level.
    private void Log(SendResult result, string to)
    {
        var level = result.Outcome switch
        {
            SendOutcome.Sent => LogLevel.Debug,
            SendOutcome.Halted or SendOutcome.Paused => LogLevel.Critical,
            _ => LogLevel.Warning,
        };
        if (!_logger.IsEnabled(level))
        {
            return;
        }

        var recipient = PhoneNumbers.Mask(to);
        switch (result.Outcome)
        {
            case SendOutcome.Sent:
                LogSent(_logger, recipient, result.MessageId);
                break;
            case SendOutcome.RetryLater:
                LogBackOff(_logger, recipient, result.ErrorCode, result.Error, result.RetryAfter?.TotalSeconds);
                break;
            case SendOutcome.Unknown:
                LogUnknown(_logger, recipient, result.Error);
                break;
            case SendOutcome.Failed:
                LogFailed(_logger, recipient, result.ErrorCode, result.Error);
                break;
            case SendOutcome.Halted:
            case SendOutcome.Paused:
                LogHalted(_logger, recipient, result.ErrorCode, result.Error);
                break;
        }
    }

    [LoggerMessage(EventId = 3200, Level = LogLevel.Debug, Message = "WhatsApp accepted message {Wamid} to {Recipient}")]
    private static partial void LogSent(ILogger logger, string recipient, string? wamid);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning,
        Message = "Sending to {Recipient} got no answer after the request was written ({Error}): WhatsApp may have accepted it")]
    private static partial void LogUnknown(ILogger logger, string recipient, string? error);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning,
        Message = "WhatsApp did not take the message to {Recipient} now: {ErrorCode} ({Error}); retry in {RetryAfterSeconds} s")]
    private static partial void LogBackOff(ILogger logger, string recipient, int? errorCode, string? error, double? retryAfterSeconds);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Warning,
        Message = "WhatsApp refused the message to {Recipient} for good: {ErrorCode} ({Error})")]
    private static partial void LogFailed(ILogger logger, string recipient, int? errorCode, string? error);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Critical,
        Message = "WhatsApp refused to send for this account (message to {Recipient}): {ErrorCode} ({Error}); sending must stop until an operator acts")]
    private static partial void LogHalted(ILogger logger, string recipient, int? errorCode, string? error);

    /// <summary>A JSON body that notes when the handler has written all of it to the connection.</summary>
    private sealed class WatchedContent : HttpContent
    {
        private static readonly MediaTypeHeaderValue Json = new("application/json");
        private readonly byte[] _body;
        private volatile bool _written;

        public WatchedContent(byte[] body)
        {
            _body = body;
            Headers.ContentType = Json;
        }

        public bool Written => _written;

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(_body, cancellationToken).ConfigureAwait(false);
            _written = true;
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = _body.Length;
            return true;
        }
    }
}
