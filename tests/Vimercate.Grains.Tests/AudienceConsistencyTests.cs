using Vimercate.Abstractions;
using Vimercate.Grains.Tests.Infrastructure;

namespace Vimercate.Grains.Tests;

/// <summary>Many numbers, opt-ins and opt-outs in any order and with duplicates: the audience ends up exactly the subscribers.</summary>
[Collection(AudienceCollection.Name)]
public sealed class AudienceConsistencyTests(CitizenCluster cluster)
{
    private static readonly string[] OptInTexts = ["Vimercate Info", "vimercate info!", "VIMERCTE INFO"];
    private static readonly string[] OptOutTexts = ["stop", "Vimercate stop", "STOP 🙏"];

    [Fact]
    public async Task EveryNumberEndsInTheStateOfItsLatestMessageAndTheShardsHoldExactlyTheSubscribers()
    {
        var random = new Random(20260302);
        var start = cluster.Time.GetUtcNow().AddHours(-1);
        var latestIsOptIn = new Dictionary<string, bool>();
        var queues = new List<(string Number, Queue<InboundMessage> Arrivals)>();
        for (var i = 0; i < 200; i++)
        {
            var number = CitizenCluster.NewNumber();
            var sent = new List<InboundMessage>();
            var at = start.AddSeconds(random.Next(0, 600));
            for (var k = random.Next(1, 7); k > 0; k--)
            {
                at = at.AddSeconds(random.Next(1, 120));
                var optIn = random.Next(2) == 0;
                var texts = optIn ? OptInTexts : OptOutTexts;
                sent.Add(Inbound.Text(number, texts[random.Next(texts.Length)], at));
                latestIsOptIn[number] = optIn;
            }

            var arrivals = sent.OrderBy(_ => random.Next()).ToList();
            if (random.Next(3) == 0)
            {
                arrivals.Insert(random.Next(arrivals.Count + 1), sent[random.Next(sent.Count)]);
            }

            queues.Add((number, new Queue<InboundMessage>(arrivals)));
        }

        await DeliverInterleavedAsync(queues, random);

        foreach (var (number, optedIn) in latestIsOptIn)
        {
            Assert.True(optedIn == (await cluster.Subscriber(number).GetAsync()).IsSubscribed, $"{number} should be subscribed: {optedIn}");
            Assert.True(optedIn == await cluster.InAudienceAsync(number), $"{number} should be in the audience: {optedIn}");
        }

        var counts = await Task.WhenAll(Enumerable.Range(0, cluster.ShardCount)
            .Select(shard => cluster.Client.GetGrain<IAudienceShardGrain>(shard).CountAsync()));
        Assert.Equal(latestIsOptIn.Values.Count(optedIn => optedIn), counts.Sum());
    }

    // Messages start in one seeded global order; those of different numbers overlap, those of one number keep their order.
    private async Task DeliverInterleavedAsync(List<(string Number, Queue<InboundMessage> Arrivals)> queues, Random random)
    {
        var previous = new Dictionary<string, Task>();
        var all = new List<Task>();
        var remaining = queues.Where(q => q.Arrivals.Count > 0).ToList();
        while (remaining.Count > 0)
        {
            var pick = random.Next(remaining.Count);
            var (number, arrivals) = remaining[pick];
            var message = arrivals.Dequeue();
            if (arrivals.Count == 0)
            {
                remaining.RemoveAt(pick);
            }

            var delivery = DeliverAfterAsync(previous.GetValueOrDefault(number, Task.CompletedTask), message);
            previous[number] = delivery;
            all.Add(delivery);
        }

        await Task.WhenAll(all);
    }

    private async Task DeliverAfterAsync(Task previous, InboundMessage message)
    {
        await previous;
        await cluster.Subscriber(message.From).HandleAsync(message);
    }
}
