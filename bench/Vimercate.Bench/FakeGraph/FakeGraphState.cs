using System.Diagnostics;

namespace Vimercate.Bench.FakeGraph;

/// <summary>
/// What the fake Graph API counts: requests, answers, recipients (each with the time its first accepted message arrived)
/// and requests per second. Recipients are kept in striped sets so that counting never becomes the bottleneck.
/// </summary>
public sealed class FakeGraphState
{
    private const int Stripes = 64;
    private const int MaxSeconds = 3600;

    private readonly Lock[] _locks = [.. Enumerable.Range(0, Stripes).Select(_ => new Lock())];
    private readonly Dictionary<ulong, long>[] _firstArrival = [.. Enumerable.Range(0, Stripes).Select(_ => new Dictionary<ulong, long>())];
    private readonly Lock _gate = new();
    private long[] _perSecond = new long[MaxSeconds];
    private long _requests;
    private long _accepted;
    private long _errors;
    private long _duplicates;
    private long _campaignMessages;
    private long _inFlight;
    private long _peakInFlight;
    private long _firstAt;
    private long _lastAt;
    private byte[]? _sampleBody;

    /// <summary>What the fake answers; changed through the control endpoint.</summary>
    public FakeGraphBehaviour Behaviour { get; set; } = FakeGraphBehaviour.Default;

    /// <summary>Notes a request's start; returns its sequence number (1-based).</summary>
    public long Begin()
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.CompareExchange(ref _firstAt, now, 0);
        var inFlight = Interlocked.Increment(ref _inFlight);
        long peak;
        while (inFlight > (peak = Volatile.Read(ref _peakInFlight)) && Interlocked.CompareExchange(ref _peakInFlight, inFlight, peak) != peak)
        {
        }

        var second = (now - Volatile.Read(ref _firstAt)) / Stopwatch.Frequency;
        if (second is >= 0 and < MaxSeconds)
        {
            Interlocked.Increment(ref Volatile.Read(ref _perSecond)[second]);
        }

        return Interlocked.Increment(ref _requests);
    }

    /// <summary>Notes a request's end: accepted for a recipient, or answered with an error.</summary>
    public void End(ulong recipient, bool accepted, bool campaign, ReadOnlySpan<byte> body)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Decrement(ref _inFlight);
        Interlocked.Exchange(ref _lastAt, now);
        if (!accepted)
        {
            Interlocked.Increment(ref _errors);
            return;
        }

        Interlocked.Increment(ref _accepted);
        if (campaign)
        {
            Interlocked.Increment(ref _campaignMessages);
        }

        if (_sampleBody is null)
        {
            Interlocked.CompareExchange(ref _sampleBody, body.ToArray(), null);
        }

        var stripe = (int)(recipient % Stripes);
        lock (_locks[stripe])
        {
            if (!_firstArrival[stripe].TryAdd(recipient, now))
            {
                Interlocked.Increment(ref _duplicates);
            }
        }
    }

    /// <summary>Forgets everything counted so far.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            for (var i = 0; i < Stripes; i++)
            {
                lock (_locks[i])
                {
                    _firstArrival[i].Clear();
                    _firstArrival[i].TrimExcess();
                }
            }

            Volatile.Write(ref _perSecond, new long[MaxSeconds]);
            _requests = _accepted = _errors = _duplicates = _campaignMessages = _peakInFlight = 0;
            _firstAt = _lastAt = 0;
            _sampleBody = null;
        }
    }

    /// <summary>The counters as they are now.</summary>
    public FakeGraphStats Snapshot()
    {
        var recipients = 0;
        for (var i = 0; i < Stripes; i++)
        {
            lock (_locks[i])
            {
                recipients += _firstArrival[i].Count;
            }
        }

        var perSecond = Volatile.Read(ref _perSecond);
        var last = Array.FindLastIndex(perSecond, c => c > 0);
        return new FakeGraphStats(
            Interlocked.Read(ref _requests),
            Interlocked.Read(ref _accepted),
            Interlocked.Read(ref _errors),
            recipients,
            Interlocked.Read(ref _duplicates),
            Interlocked.Read(ref _campaignMessages),
            Interlocked.Read(ref _peakInFlight),
            Interlocked.Read(ref _firstAt),
            Interlocked.Read(ref _lastAt),
            perSecond[..(last + 1)],
            _sampleBody is { } sample ? System.Text.Encoding.UTF8.GetString(sample) : null);
    }

    /// <summary>When the first accepted message to each of <paramref name="recipients"/> arrived (Stopwatch ticks), 0 when none did.</summary>
    public long[] ArrivalsOf(IReadOnlyList<ulong> recipients)
    {
        var result = new long[recipients.Count];
        for (var i = 0; i < recipients.Count; i++)
        {
            var stripe = (int)(recipients[i] % Stripes);
            lock (_locks[stripe])
            {
                result[i] = _firstArrival[stripe].GetValueOrDefault(recipients[i]);
            }
        }

        return result;
    }
}

/// <summary>How the fake answers: every <see cref="ErrorEvery"/>-th request fails with Meta's error <see cref="ErrorCode"/>; every answer waits <see cref="LatencyMs"/>.</summary>
/// <param name="ErrorEvery">0: never fail.</param>
/// <param name="ErrorStatus">HTTP status of the injected errors.</param>
/// <param name="ErrorCode">Meta's error code in the injected error body.</param>
/// <param name="LatencyMs">Added to every answer, like the real API's processing time.</param>
public sealed record FakeGraphBehaviour(int ErrorEvery, int ErrorStatus, int ErrorCode, int LatencyMs)
{
    /// <summary>Accept everything at once.</summary>
    public static FakeGraphBehaviour Default { get; } = new(0, 500, 131000, 0);
}

/// <summary>The fake's counters. Times are <see cref="Stopwatch"/> ticks (CLOCK_MONOTONIC, the same in every process of the machine).</summary>
/// <param name="Requests">Every POST to the messages endpoint.</param>
/// <param name="Accepted">Answered 200 with a wamid.</param>
/// <param name="Errors">Answered with an injected error.</param>
/// <param name="Recipients">Distinct recipients with at least one accepted message.</param>
/// <param name="Duplicates">Accepted messages to a recipient that already had one.</param>
/// <param name="CampaignMessages">Accepted messages carrying biz_opaque_callback_data.</param>
/// <param name="PeakInFlight">The most requests open at the same time.</param>
/// <param name="FirstAt">When the first request arrived.</param>
/// <param name="LastAt">When the last request was answered.</param>
/// <param name="PerSecond">Requests per second since the first one.</param>
/// <param name="SampleBody">The body of the first accepted request.</param>
public sealed record FakeGraphStats(
    long Requests,
    long Accepted,
    long Errors,
    long Recipients,
    long Duplicates,
    long CampaignMessages,
    long PeakInFlight,
    long FirstAt,
    long LastAt,
    long[] PerSecond,
    string? SampleBody);
