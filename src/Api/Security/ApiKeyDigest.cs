using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Vimercate.Api.Security;

/// <summary>The SHA-256 of a configured API key, whether the configuration holds the secret (<c>Key</c>) or only its hash (<c>KeySha256</c>).</summary>
public static class ApiKeyDigest
{
    /// <summary>Writes the key's SHA-256 into <paramref name="destination"/>; false when the key has neither form or a malformed hash.</summary>
    public static bool TryWrite(ApiKeyOptions key, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!string.IsNullOrEmpty(key.KeySha256))
        {
            return key.KeySha256.Length == SHA256.HashSizeInBytes * 2
                && Convert.FromHexString(key.KeySha256, destination, out _, out var written) == OperationStatus.Done
                && written == SHA256.HashSizeInBytes;
        }

        if (string.IsNullOrEmpty(key.Key))
        {
            return false;
        }

        SHA256.HashData(Encoding.UTF8.GetBytes(key.Key), destination);
        return true;
    }

    /// <summary>The key's SHA-256 as lowercase hex, or null when it has neither form or a malformed hash.</summary>
    public static string? Hex(ApiKeyOptions key)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        return TryWrite(key, digest) ? Convert.ToHexStringLower(digest) : null;
    }
}
