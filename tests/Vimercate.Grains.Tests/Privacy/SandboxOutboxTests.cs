using Vimercate.Messaging;

namespace Vimercate.Grains.Tests.Privacy;

/// <summary>The sandbox keeps what it "sent" in memory: the last thousand messages, not every number a campaign reached.</summary>
public sealed class SandboxOutboxTests
{
    [Fact]
    public void OnlyTheLastThousandMessagesAreKept()
    {
        var outbox = new SandboxOutbox();
        var at = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

        for (var i = 0; i < SandboxOutbox.Capacity + 5; i++)
        {
            outbox.Add(new SandboxMessage($"39348{i:D7}", "text", "Avviso", null, "c-1", at.AddSeconds(i), $"wamid.sandbox.{i}"));
        }

        var kept = outbox.List();
        Assert.Equal(1_000, kept.Count);
        Assert.Equal("393480000005", kept[0].To);
        Assert.Empty(outbox.List("393480000004"));
        Assert.Single(outbox.List("393480001004"));
        Assert.Equal(1_005, outbox.Count);
    }
}
