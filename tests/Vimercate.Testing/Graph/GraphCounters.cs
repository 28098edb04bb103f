using System.Diagnostics;

namespace Vimercate.Testing.Graph;

/// <summary>The fake's running counts: requests, answers, distinct recipients (with their first accepted arrival), arrivals per second.</summary>
/// <param name="Requests">Every POST to the messages endpoint.</param>
/// <param name="Accepted">Messages accepted (given a wamid), late answers included.</param>
/// <param name="Errors">Requests answered with an error.</param>
/// <param name="Recipients">Distinct recipients with at least one accepted message.</param>
/// <param name="Duplicates">Accepted messages to a recipient that already had one.</param>
/// <param name="CampaignMessages">Accepted messages carrying <c>biz_opaque_callback_data</c>.</param>
/// <param name="PeakInFlight">The most requests open at the same time.</param>
/// <param name="FirstAt">When the first request arrived (<see cref="Stopwatch"/> ticks; 0 before any).</param>
/// <param name="LastAt">When the last request was answered (<see cref="Stopwatch"/> ticks).</param>
/// <param name="PerSecond">Arrivals per second since the first one.</param>
/// <param name="SampleBody">The body of the first accepted request.</param>
public sealed record GraphCounters(
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

/// <summary>Counting that never becomes the fake's bottleneck: recipients in striped sets, totals with interlocked adds.</summary>
internal sealed class GraphTally
{
    private const int Stripes = 64;
    private const int MaxSeconds = 3600;

    private readonly Lock[] _locks = [.. Enumerable.Range(0, Stripes).Select(_ => new Lock())];
    private readonly Dictionary<ulong, long>[] _firstArrival = [.. Enumerable.Range(0, Stripes).Select(_ => new Dictionary<ulong, long>())];
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

    /// <summary>Notes a request's arrival at <paramref name="now"/>; returns its sequence number.</summary>
    public long Arrive(long now)
    {
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

    /// <summary>Notes an accepted message to <paramref name="recipient"/> that arrived at <paramref name="arrived"/>.</summary>
    public void Accept(ulong recipient, long arrived, bool campaign, ReadOnlySpan<byte> body)
    {
        Interlocked.Increment(ref _accepted);
        if (campaign)
        {
            Interlocked.Increment(ref _campaignMessages);
        }

        if (Volatile.Read(ref _sampleBody) is null)
        {
            Interlocked.CompareExchange(ref _sampleBody, body.ToArray(), null);
        }

        var stripe = (int)(recipient % Stripes);
        lock (_locks[stripe])
        {
            if (!_firstArrival[stripe].TryAdd(recipient, arrived))
            {
                Interlocked.Increment(ref _duplicates);
            }
        }
    }

    /// <summary>Notes an error answer.</summary>
    public void Fail() => Interlocked.Increment(ref _errors);

    /// <summary>Notes that a request was answered.</summary>
    public void Answered()
    {
        Interlocked.Decrement(ref _inFlight);
        Interlocked.Exchange(ref _lastAt, Stopwatch.GetTimestamp());
    }

    /// <summary>Forgets every count.</summary>
    public void Reset()
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
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _accepted, 0);
        Interlocked.Exchange(ref _errors, 0);
        Interlocked.Exchange(ref _duplicates, 0);
        Interlocked.Exchange(ref _campaignMessages, 0);
        Interlocked.Exchange(ref _peakInFlight, Volatile.Read(ref _inFlight));
        Interlocked.Exchange(ref _firstAt, 0);
        Interlocked.Exchange(ref _lastAt, 0);
        Volatile.Write(ref _sampleBody, null);
    }

    /// <summary>The counts now.</summary>
    public GraphCounters Snapshot()
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
        var last = Array.FindLastIndex(perSecond, count => count > 0);
        return new GraphCounters(
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
            Volatile.Read(ref _sampleBody) is { } sample ? System.Text.Encoding.UTF8.GetString(sample) : null);
    }

    /// <summary>When the first accepted message to each recipient arrived (<see cref="Stopwatch"/> ticks), 0 when none did.</summary>
    public long[] FirstArrivalsOf(IReadOnlyList<ulong> recipients)
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
