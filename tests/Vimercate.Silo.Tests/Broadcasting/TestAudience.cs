using Vimercate.Abstractions;
using Vimercate.Audience;

namespace Vimercate.Silo.Tests.Broadcasting;

/// <summary>Made-up Italian mobile numbers for a test's audience.</summary>
internal static class TestAudience
{
    /// <summary><paramref name="count"/> distinct numbers from 39 333 <paramref name="first"/> on, spread over the shards.</summary>
    public static ulong[] Numbers(int count, ulong first = 2_000_000) =>
        Enumerable.Range(0, count).Select(i => 393_330_000_000UL + first + ((ulong)i * 7)).ToArray();

    /// <summary>Adds numbers to the audience directly, as the last step of an opt-in does.</summary>
    public static async Task AddToAudienceAsync(IGrainFactory grains, IEnumerable<ulong> numbers, int shardCount)
    {
        foreach (var chunk in numbers.Chunk(100))
        {
            await Task.WhenAll(chunk.Select(number => grains.GetAudienceShard(number, shardCount).AddAsync(number)));
        }
    }

    /// <summary>The digits WhatsApp sees for a number key.</summary>
    public static string Digits(ulong number) => PhoneNumbers.FromKey(number);
}
