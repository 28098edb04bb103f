using System.Security.Cryptography;

namespace Vimercate.Api.Campaigns;

/// <summary>Campaign ids: "c-" and 26 lowercase Crockford base32 characters, 48 bits of milliseconds then 80 random bits, so they sort by creation.</summary>
public static class CampaignIds
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
    private const int Characters = 26;

    /// <summary>A new id for a campaign created at <paramref name="now"/>.</summary>
    public static string New(DateTimeOffset now)
    {
        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        UInt128 randomBits = 0;
        foreach (var b in random)
        {
            randomBits = (randomBits << 8) | b;
        }

        var value = ((UInt128)(ulong)now.ToUnixTimeMilliseconds() << 80) | randomBits;

        Span<char> chars = stackalloc char[Characters];
        for (var i = Characters - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }

        return string.Concat("c-", chars);
    }
}
