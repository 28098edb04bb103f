using Microsoft.Extensions.Options;
using Vimercate.Hosting;
using Vimercate.Messaging;

namespace Vimercate.Throughput;

/// <summary>
/// The silo's door to the cluster-wide limiter: callers await tokens here, and the silo leases them from the
/// <see cref="IThroughputGrain"/> a slice at a time. Each priority has its own pool and at most one lease request in
/// flight per silo, so the grain sees a handful of calls per slice whatever the number of senders.
/// </summary>
public sealed class OutboundThrottle(IGrainFactory grains, IOptions<WhatsAppOptions> whatsApp, TimeProvider time)
{
    /// <summary>Meta's error code for "too many messages per second for this business number".</summary>
    public const int ThroughputErrorCode = 130429;

    /// <summary>The limiter key used when no phone number id is configured (Sandbox mode).</summary>
    public const string SandboxKey = "sandbox";

    private readonly Pool[] _pools = [new(), new(), new()];

    private IThroughputGrain Grain => grains.GetGrain<IThroughputGrain>(whatsApp.Value.PhoneNumberId ?? SandboxKey);

    /// <summary>
    /// Waits up to <paramref name="maxWait"/> for between 1 and <paramref name="max"/> tokens and returns how many it got
    /// (0 when the wait ran out). The caller must start that many sends at once: the tokens are void after one slice.
    /// </summary>
    public async Task<int> AcquireAsync(SendPriority priority, int max, TimeSpan maxWait, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var pool = _pools[(int)priority];
        var deadline = maxWait == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : time.GetUtcNow() + maxWait;
        while (true)
        {
            var taken = pool.Take(max, time.GetUtcNow());
            if (taken > 0)
            {
                return taken;
            }

            var wait = await RefillAsync(pool, priority, max, cancellationToken);
            if (wait <= TimeSpan.Zero)
            {
                continue;
            }

            var now = time.GetUtcNow();
            if (now >= deadline)
            {
                return 0;
            }

            var remaining = deadline - now;
            await Task.Delay(wait < remaining ? wait : remaining, time, cancellationToken);
        }
    }

    /// <summary>Tells the limiter that WhatsApp answered 130429, when <paramref name="result"/> says so.</summary>
    public Task ObserveAsync(SendResult result) =>
        result is { Outcome: SendOutcome.RetryLater, ErrorCode: ThroughputErrorCode } ? Grain.ReportThrottledAsync() : Task.CompletedTask;

    // Returns zero when the pool may hold tokens now, otherwise how long the limiter asked to wait.
    private async Task<TimeSpan> RefillAsync(Pool pool, SendPriority priority, int wanted, CancellationToken cancellationToken)
    {
        await pool.Refilling.WaitAsync(cancellationToken);
        try
        {
            if (pool.Available(time.GetUtcNow()))
            {
                return TimeSpan.Zero;
            }

            var asked = time.GetUtcNow();
            var lease = await Grain.LeaseAsync(priority, wanted);
            if (lease.Granted == 0)
            {
                return lease.RetryAfter;
            }

            pool.Fill(lease.Granted, asked + lease.ValidFor);
            return TimeSpan.Zero;
        }
        finally
        {
            pool.Refilling.Release();
        }
    }

    private sealed class Pool
    {
        private readonly Lock _gate = new();
        private int _tokens;
        private DateTimeOffset _expiresAt;

        public SemaphoreSlim Refilling { get; } = new(1, 1);

        public bool Available(DateTimeOffset now)
        {
            lock (_gate)
            {
                return _tokens > 0 && now < _expiresAt;
            }
        }

        public int Take(int max, DateTimeOffset now)
        {
            lock (_gate)
            {
                if (now >= _expiresAt)
                {
                    _tokens = 0;
                }

                var taken = Math.Min(max, _tokens);
                _tokens -= taken;
                return taken;
            }
        }

        public void Fill(int tokens, DateTimeOffset expiresAt)
        {
            lock (_gate)
            {
                _tokens = tokens;
                _expiresAt = expiresAt;
            }
        }
    }
}
