using System.Diagnostics;
using System.Runtime;
using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Audience;
using Vimercate.Hosting;
using Vimercate.Messaging;

namespace Vimercate.Bench.Service;

/// <summary>The bench's probe routes inside the service process: counters, a full garbage collection, and filling the audience shards.</summary>
internal static class BenchProbe
{
    public static async Task HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        switch (context.Request.Path.Value)
        {
            case "/stats":
                await context.Response.WriteAsJsonAsync(Stats(services), BenchJson.Default.ProbeStats);
                return;
            case "/gc" when HttpMethods.IsPost(context.Request.Method):
                FullCollection();
                await context.Response.WriteAsJsonAsync(Stats(services), BenchJson.Default.ProbeStats);
                return;
            case "/audience" when HttpMethods.IsPost(context.Request.Method):
                var fill = await context.Request.ReadFromJsonAsync(BenchJson.Default.AudienceFill, context.RequestAborted)
                    ?? throw new InvalidOperationException("An audience fill needs a body.");
                await context.Response.WriteAsJsonAsync(await FillAsync(services, fill), BenchJson.Default.AudienceFilled);
                return;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
        }
    }

    private static ProbeStats Stats(IServiceProvider services)
    {
        using var process = Process.GetCurrentProcess();
        return new ProbeStats(
            services.GetRequiredService<StatusCounter>().Count,
            GC.GetTotalMemory(forceFullCollection: false),
            process.WorkingSet64,
            GC.GetTotalAllocatedBytes(),
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2),
            GC.GetTotalPauseDuration().TotalMilliseconds,
            process.TotalProcessorTime.TotalMilliseconds,
            GCSettings.IsServerGC);
    }

    private static void FullCollection()
    {
        for (var i = 0; i < 2; i++)
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
    }

    /// <summary>
    /// Adds the numbers <c>First</c> .. <c>First + Count - 1</c> to their audience shards: through each shard's
    /// <see cref="IAudienceShardGrain.AddAsync"/>, one number after the other and all shards at once, or (for audiences too
    /// large for that) by writing each shard's rows to the audience store before the shard is activated.
    /// </summary>
    private static async Task<AudienceFilled> FillAsync(IServiceProvider services, AudienceFill fill)
    {
        var grains = services.GetRequiredService<IGrainFactory>();
        var shardCount = services.GetRequiredService<IOptions<AudienceOptions>>().Value.ShardCount;
        var byShard = new List<ulong>[shardCount];
        for (var i = 0; i < shardCount; i++)
        {
            byShard[i] = [];
        }

        for (var i = 0L; i < fill.Count; i++)
        {
            var number = fill.First + (ulong)i;
            byShard[AudienceSharding.ShardOf(number, shardCount)].Add(number);
        }

        var watch = Stopwatch.StartNew();
        if (fill.ThroughStorage)
        {
            await SeedStoreAsync(services.GetRequiredService<IAudienceStore>(), byShard);
        }
        else
        {
            await Task.WhenAll(byShard.Select(async (numbers, shard) =>
            {
                var grain = grains.GetGrain<IAudienceShardGrain>(shard);
                foreach (var number in numbers)
                {
                    await grain.AddAsync(number);
                }
            }));
        }

        var elapsed = watch.Elapsed;
        var counts = await Task.WhenAll(Enumerable.Range(0, shardCount).Select(shard => grains.GetGrain<IAudienceShardGrain>(shard).CountAsync()));
        return new AudienceFilled(fill.Count, counts.Sum(c => (long)c), elapsed.TotalMilliseconds);
    }

    // The shard's rows, written where its activation will read them; refused when the shard is not empty in the store.
    private static async Task SeedStoreAsync(IAudienceStore store, List<ulong>[] byShard) =>
        await Task.WhenAll(byShard.Select(async (numbers, shard) =>
        {
            if ((await store.LoadAsync(shard)).Count > 0)
            {
                throw new InvalidOperationException($"Audience shard {shard} already has members in the store; seed a fresh service.");
            }

            foreach (var chunk in numbers.Chunk(50_000))
            {
                await store.AddRangeAsync(shard, chunk);
            }
        }));
}

/// <summary>Counts the statuses the webhook handed to the sink and that the sink accepted.</summary>
internal sealed class StatusCounter
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Add(int statuses) => Interlocked.Add(ref _count, statuses);
}

/// <summary>The service's own sink, counted: a status counts once the sink returned without error.</summary>
internal sealed class CountingStatusSink(IDeliveryStatusSink inner, StatusCounter counter) : IDeliveryStatusSink
{
    public async Task AcceptAsync(IReadOnlyList<DeliveryStatusUpdate> updates)
    {
        await inner.AcceptAsync(updates);
        counter.Add(updates.Count);
    }
}

/// <summary>Counters of the service process.</summary>
public sealed record ProbeStats(
    long Statuses,
    long GcHeapBytes,
    long WorkingSetBytes,
    long AllocatedBytes,
    int Gen0Collections,
    int Gen1Collections,
    int Gen2Collections,
    double GcPauseMs,
    double CpuMs,
    bool ServerGc);

/// <summary>Numbers <see cref="First"/> .. <see cref="First"/> + <see cref="Count"/> - 1 to add to the audience, through the shard grains or their storage.</summary>
public sealed record AudienceFill(ulong First, long Count, bool ThroughStorage);

/// <summary>How many numbers were added, how many the shards hold now, and how long the adding took.</summary>
public sealed record AudienceFilled(long Added, long ShardTotal, double ElapsedMs);
