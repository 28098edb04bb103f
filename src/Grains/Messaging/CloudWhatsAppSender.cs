using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Hosting;

namespace Vimercate.Messaging;

/// <summary>Sends through Meta's Graph API: one recipient per request, Meta's error codes mapped to what the caller does next.</summary>
public sealed partial class CloudWhatsAppSender : IWhatsAppSender
{
    /// <summary>How long one request may take before it counts as a transient failure.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Connections to the Graph API per silo: enough for 1,000 messages per second at 250 ms a request. Without a
    /// bound every shard's batch opens connections of its own (thousands in a large campaign); above it requests wait
    /// for a free connection.
    /// </summary>
    public const int MaxConnections = 256;

    /// <summary>Attempts for transient failures, the first one included.</summary>
    public const int MaxAttempts = 4;

    /// <summary>The wait before the second attempt; it doubles for each further one.</summary>
    public static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between two attempts.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan TransientRetryAfter = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaintenanceRetryAfter = TimeSpan.FromMinutes(1);
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
        var body = Bodies.For(message);
        for (var attempt = 1; ; attempt++)
        {
            var (result, transient) = await SendOnceAsync(body, cancellationToken).ConfigureAwait(false);
            if (!transient)
            {
                Log(result, message.To, attempt);
                return result;
            }

            var recipient = PhoneNumbers.Mask(message.To);
            if (attempt == MaxAttempts)
            {
                var later = result with
                {
                    Outcome = SendOutcome.RetryLater,
                    RetryAfter = result.ErrorCode == 131057 ? MaintenanceRetryAfter : TransientRetryAfter,
                };
                LogGaveUpForNow(_logger, recipient, attempt, later.ErrorCode, later.Error);
                return later;
            }

            var delay = Backoff(attempt);
            LogRetrying(_logger, recipient, result.ErrorCode, result.Error, attempt, delay.TotalMilliseconds);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Exponential backoff with jitter: half of the doubled base delay is fixed, half is random, never above the cap.</summary>
    private static TimeSpan Backoff(int attempt)
    {
        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((capped / 2) + (Random.Shared.NextDouble() * capped / 2));
    }

    private async Task<(SendResult Result, bool Transient)> SendOnceAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _accessToken);

        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                var accepted = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                return (new SendResult(SendOutcome.Sent, GraphSendResponse.WamidOf(accepted)), false);
            }

            var error = (await ReadAsync(response, GraphJsonContext.Default.GraphErrorResponse, cancellationToken).ConfigureAwait(false))?.Error;
            return Classify(response, error);
        }
        catch (HttpRequestException exception)
        {
            return (new SendResult(SendOutcome.RetryLater, Error: $"network: {exception.HttpRequestError}"), true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (new SendResult(SendOutcome.RetryLater, Error: "timeout"), true);
        }
    }

    // Meta's error answers are small: read whole, then parsed in one go.
    private static async Task<T?> ReadAsync<T>(HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(bytes, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Meta's error table (whatsapp-platform.md): branch on the code, fall back on the HTTP status.</summary>
    private (SendResult Result, bool Transient) Classify(HttpResponseMessage response, GraphError? error)
    {
        var status = (int)response.StatusCode;
        var code = error?.Code;
        var title = error?.Message ?? response.ReasonPhrase;
        var retryAfter = RetryAfterHeader(response);

        SendResult Result(SendOutcome outcome, TimeSpan? after = null) =>
            new(outcome, ErrorCode: code ?? status, Error: title, RetryAfter: Max(after, retryAfter));

        return code switch
        {
            130429 => (Result(SendOutcome.RetryLater, ThroughputRetryAfter), false),
            131056 => (Result(SendOutcome.RetryLater, PairRateRetryAfter), false),
            80007 or 4 => (Result(SendOutcome.RetryLater, AccountRateRetryAfter), false),
            131000 or 131016 or 133004 or 2 or 131057 => (Result(SendOutcome.RetryLater), true),
            131026 or 131047 or 131049 or 131050 or 100 or 131008 or 131009 or 131051 => (Result(SendOutcome.Failed), false),
            >= 132000 and <= 132016 => (Result(SendOutcome.Failed), false),
            131048 or 368 or 131031 or 131042 or 190 or 0 or 10 or 133010 => (Result(SendOutcome.Halted), false),
            _ when status >= 500 => (Result(SendOutcome.RetryLater), true),
            _ when response.StatusCode == HttpStatusCode.TooManyRequests => (Result(SendOutcome.RetryLater, ThroughputRetryAfter), false),
            _ when response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => (Result(SendOutcome.Halted), false),
            _ => (Result(SendOutcome.Failed), false),
        };
    }

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
    private void Log(SendResult result, string to, int attempt)
    {
        var level = result.Outcome switch
        {
            SendOutcome.Sent => LogLevel.Debug,
            SendOutcome.Halted => LogLevel.Critical,
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
                LogSent(_logger, recipient, result.MessageId, attempt);
                break;
            case SendOutcome.RetryLater:
                LogBackOff(_logger, recipient, result.ErrorCode, result.Error, result.RetryAfter?.TotalSeconds);
                break;
            case SendOutcome.Failed:
                LogFailed(_logger, recipient, result.ErrorCode, result.Error);
                break;
            case SendOutcome.Halted:
                LogHalted(_logger, recipient, result.ErrorCode, result.Error);
                break;
        }
    }

    [LoggerMessage(EventId = 3200, Level = LogLevel.Debug, Message = "WhatsApp accepted message {Wamid} to {Recipient} (attempt {Attempt})")]
    private static partial void LogSent(ILogger logger, string recipient, string? wamid, int attempt);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information,
        Message = "Sending to {Recipient} failed transiently with {ErrorCode} ({Error}) on attempt {Attempt}; next attempt in {DelayMs:F0} ms")]
    private static partial void LogRetrying(ILogger logger, string recipient, int? errorCode, string? error, int attempt, double delayMs);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning,
        Message = "Sending to {Recipient} still failed after {Attempts} attempts with {ErrorCode} ({Error}); the message is to be retried later")]
    private static partial void LogGaveUpForNow(ILogger logger, string recipient, int attempts, int? errorCode, string? error);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning,
        Message = "WhatsApp asked to back off sending to {Recipient}: {ErrorCode} ({Error}); retry in {RetryAfterSeconds} s")]
    private static partial void LogBackOff(ILogger logger, string recipient, int? errorCode, string? error, double? retryAfterSeconds);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Warning,
        Message = "WhatsApp refused the message to {Recipient} for good: {ErrorCode} ({Error})")]
    private static partial void LogFailed(ILogger logger, string recipient, int? errorCode, string? error);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Critical,
        Message = "WhatsApp refused to send for this account (message to {Recipient}): {ErrorCode} ({Error}); sending must stop until an operator acts")]
    private static partial void LogHalted(ILogger logger, string recipient, int? errorCode, string? error);
}
