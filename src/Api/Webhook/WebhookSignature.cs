using System.Security.Cryptography;
using System.Text;

namespace Vimercate.Api.Webhook;

/// <summary>Meta's proofs: the <c>X-Hub-Signature-256</c> HMAC over the raw body and the verify token of the handshake.</summary>
internal static class WebhookSignature
{
    /// <summary>The header that carries the signature.</summary>
    public const string Header = "X-Hub-Signature-256";

    private const string Scheme = "sha256=";

    /// <summary>True when <paramref name="header"/> is <c>sha256=</c> and the hex HMAC-SHA256 of <paramref name="body"/> keyed with <paramref name="appSecret"/>.</summary>
    public static bool IsValid(ReadOnlySpan<byte> body, string? header, string? appSecret)
    {
        if (string.IsNullOrEmpty(appSecret) || header is null || !header.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return false;
        }

        var hex = header.AsSpan(Scheme.Length).Trim();
        if (hex.Length != HMACSHA256.HashSizeInBytes * 2)
        {
            return false;
        }

        Span<byte> received = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (Convert.FromHexString(hex, received, out _, out var written) != System.Buffers.OperationStatus.Done || written != received.Length)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, received);
    }

    /// <summary>Compares the handshake token with the configured one in constant time (both hashed, so lengths leak nothing).</summary>
    public static bool TokenMatches(string? received, string? configured)
    {
        if (string.IsNullOrEmpty(received) || string.IsNullOrEmpty(configured))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(received)),
            SHA256.HashData(Encoding.UTF8.GetBytes(configured)));
    }
}
