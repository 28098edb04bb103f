using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Vimercate.Testing.Graph;

/// <summary>Where and how the fake posts status webhooks for the messages it accepted, as Meta does.</summary>
/// <param name="WebhookUrl">The service's webhook, e.g. http://127.0.0.1:5080/webhooks/whatsapp.</param>
/// <param name="AppSecret">The key of the <c>X-Hub-Signature-256</c> HMAC.</param>
public sealed record StatusCallbackOptions(string WebhookUrl, string AppSecret)
{
    /// <summary>How long after acceptance <c>sent</c> is posted.</summary>
    public TimeSpan SentAfter { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long after acceptance <c>delivered</c> is posted.</summary>
    public TimeSpan DeliveredAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long after acceptance <c>read</c> is posted; null: the message is never read.</summary>
    public TimeSpan? ReadAfter { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Each delay is stretched by up to this share at random, so statuses spread over time and arrive out of order.</summary>
    public double Jitter { get; init; } = 0.5;

    /// <summary>Statuses per webhook request (Meta batches them in one <c>statuses[]</c>); 1 posts each on its own.</summary>
    public int StatusesPerRequest { get; init; } = 1;

    /// <summary>Webhook requests in flight at once.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>How often a webhook the service did not answer 200 is posted again before it counts as failed.</summary>
    public int MaxAttempts { get; init; } = 10;

    /// <summary>The business phone number id in the envelope's metadata.</summary>
    public string PhoneNumberId { get; init; } = "610000000000001";
}

/// <summary>One status webhook request the fake posted.</summary>
/// <param name="Statuses">The (wamid, status) pairs it carried.</param>
/// <param name="Attempt">Which delivery of that batch it was (1 for the first).</param>
/// <param name="HttpStatus">What the service answered; 0 when it could not be reached.</param>
public sealed record PostedStatuses(IReadOnlyList<(string MessageId, string Status)> Statuses, int Attempt, int HttpStatus);

/// <summary>Posts signed status webhooks (<c>sent</c>, <c>delivered</c>, <c>read</c>) for accepted messages, spread over time, retried on failure.</summary>
public sealed class StatusCallbacks : IDisposable
{
    private readonly StatusCallbackOptions _options;
    private readonly byte[] _secret;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly PriorityQueue<PendingStatus, long> _due = new();
    private readonly Lock _gate = new();
    private readonly ConcurrentQueue<PostedStatuses> _posted = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _workers;

    internal StatusCallbacks(StatusCallbackOptions options)
    {
        _options = options;
        _secret = Encoding.UTF8.GetBytes(options.AppSecret);
        _workers = [.. Enumerable.Range(0, Math.Max(1, options.Concurrency)).Select(_ => Task.Run(WorkAsync))];
    }

    /// <summary>Every webhook request posted so far, oldest first.</summary>
    public IReadOnlyList<PostedStatuses> Posted => [.. _posted];

    /// <summary>Statuses the service answered 200 for.</summary>
    public int Delivered => _posted.Where(p => p.HttpStatus == 200).Sum(p => p.Statuses.Count);

    /// <summary>Statuses given up on after <see cref="StatusCallbackOptions.MaxAttempts"/> deliveries.</summary>
    public int Failed { get; private set; }

    /// <summary>Statuses not yet posted with success.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _due.Count;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        Task.WaitAll(_workers, TimeSpan.FromSeconds(5));
        _stop.Dispose();
        _http.Dispose();
    }

    /// <summary>Schedules the statuses of one accepted message.</summary>
    internal void Accepted(string messageId, string recipient, string? campaignId)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            Enqueue(new PendingStatus(messageId, recipient, campaignId, "sent", 1), now + Ticks(Stretch(_options.SentAfter)));
            Enqueue(new PendingStatus(messageId, recipient, campaignId, "delivered", 1), now + Ticks(Stretch(_options.DeliveredAfter)));
            if (_options.ReadAfter is { } read)
            {
                Enqueue(new PendingStatus(messageId, recipient, campaignId, "read", 1), now + Ticks(Stretch(read)));
            }
        }
    }

    private static long Ticks(TimeSpan delay) => (long)(delay.TotalSeconds * Stopwatch.Frequency);

    private TimeSpan Stretch(TimeSpan delay) => delay * (1 + (Random.Shared.NextDouble() * _options.Jitter));

    private void Enqueue(PendingStatus status, long due) => _due.Enqueue(status, due);

    private async Task WorkAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var batch = TakeDue();
            if (batch.Count == 0)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(20), _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            var status = await PostAsync(batch);
            _posted.Enqueue(new PostedStatuses([.. batch.Select(s => (s.MessageId, s.Status))], batch[0].Attempt, status));
            if (status == 200)
            {
                continue;
            }

            lock (_gate)
            {
                foreach (var again in batch)
                {
                    if (again.Attempt >= _options.MaxAttempts)
                    {
                        Failed++;
                        continue;
                    }

                    // Meta retries with a growing delay; here a short one, so tests see redelivery within seconds.
                    Enqueue(again with { Attempt = again.Attempt + 1 }, Stopwatch.GetTimestamp() + Ticks(TimeSpan.FromMilliseconds(250 * again.Attempt)));
                }
            }
        }
    }

    private List<PendingStatus> TakeDue()
    {
        var batch = new List<PendingStatus>();
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            while (batch.Count < _options.StatusesPerRequest && _due.TryPeek(out _, out var due) && due <= now)
            {
                batch.Add(_due.Dequeue());
            }
        }

        return batch;
    }

    private async Task<int> PostAsync(List<PendingStatus> batch)
    {
        var body = Envelope(batch);
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.WebhookUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(_secret, body)));
        try
        {
            using var response = await _http.SendAsync(request, _stop.Token);
            return (int)response.StatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }

    private byte[] Envelope(List<PendingStatus> batch)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("object", "whatsapp_business_account");
            json.WriteStartArray("entry");
            json.WriteStartObject();
            json.WriteString("id", "730000000000001");
            json.WriteStartArray("changes");
            json.WriteStartObject();
            json.WriteStartObject("value");
            json.WriteString("messaging_product", "whatsapp");
            json.WriteStartObject("metadata");
            json.WriteString("display_phone_number", "390396659111");
            json.WriteString("phone_number_id", _options.PhoneNumberId);
            json.WriteEndObject();
            json.WriteStartArray("statuses");
            foreach (var status in batch)
            {
                json.WriteStartObject();
                json.WriteString("id", status.MessageId);
                json.WriteString("status", status.Status);
                json.WriteString("timestamp", timestamp);
                json.WriteString("recipient_id", status.Recipient);
                if (status.CampaignId is not null)
                {
                    json.WriteString("biz_opaque_callback_data", status.CampaignId);
                }

                json.WriteStartObject("pricing");
                json.WriteBoolean("billable", true);
                json.WriteString("pricing_model", "PMP");
                json.WriteString("category", "utility");
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteString("field", "messages");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private sealed record PendingStatus(string MessageId, string Recipient, string? CampaignId, string Status, int Attempt);
}
