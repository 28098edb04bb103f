using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Vimercate.Abstractions;

namespace Vimercate.Privacy;

/// <summary>Names a number, or a message id that holds one, without holding it: HMAC-SHA256 under <c>Privacy:HashKey</c>.</summary>
/// <remarks>
/// The same input gives the same name on every silo and every run as long as the key stays the same, which is what
/// lets the data protection officer find a number's archived consent history when the number is presented again, and
/// what recognises a message delivered twice without keeping its id. The key is read at the first hash, so that the
/// logging pipeline can hold a hasher before the options are validated.
/// </remarks>
public sealed class NumberHasher(IOptions<PrivacyOptions> options)
{
    /// <summary>The key used when <c>Privacy:HashKey</c> is not set (embedded defaults and Development only).</summary>
    public const string DevelopmentKey = "vimercate-development-hash-key-do-not-use-in-production";

    /// <summary>Hex characters of a message id's hash: 128 bits, enough to tell every message of a number apart.</summary>
    public const int MessageIdHashLength = 32;

    /// <summary>How a message id is written in a log line or a trace: this prefix and the first characters of its hash.</summary>
    public const string MessageIdLogPrefix = "wamid#";

    private const int MessageIdLogLength = 12;

    private readonly Lazy<byte[]> _key = new(() => Encoding.UTF8.GetBytes(
        string.IsNullOrWhiteSpace(options.Value.HashKey) ? DevelopmentKey : options.Value.HashKey.Trim()));

    /// <summary>Whether <c>Privacy:HashKey</c> is unset and the <see cref="DevelopmentKey"/> is in use.</summary>
    public bool UsesDevelopmentKey => string.IsNullOrWhiteSpace(options.Value.HashKey);

    /// <summary>The keyed hash of a number in E.164 digits: 64 lowercase hex characters.</summary>
    public string Hash(string number)
    {
        if (!PhoneNumbers.IsValid(number))
        {
            throw new ArgumentException("Only a number in E.164 digits can be hashed.", nameof(number));
        }

        return Convert.ToHexStringLower(HMACSHA256.HashData(_key.Value, Encoding.ASCII.GetBytes(number)));
    }

    /// <summary>
    /// The keyed hash of a WhatsApp message id (Meta's wamid encodes the sender's number): <see cref="MessageIdHashLength"/>
    /// lowercase hex characters. A value that already is such a hash is returned as it is, so records written before
    /// message ids were hashed read the same as new ones.
    /// </summary>
    public string HashMessageId(string wamid)
    {
        ArgumentNullException.ThrowIfNull(wamid);
        if (IsMessageIdHash(wamid))
        {
            return wamid;
        }

        var digest = HMACSHA256.HashData(_key.Value, Encoding.UTF8.GetBytes(wamid));
        return Convert.ToHexStringLower(digest.AsSpan(0, MessageIdHashLength / 2));
    }

    /// <summary>How a message id is named in logs and traces: <c>wamid#</c> and the first characters of its keyed hash.</summary>
    public string LogNameOfMessageId(string wamid) => LogName(HashMessageId(wamid));

    /// <summary>The log name of a message id's hash (see <see cref="HashMessageId"/>).</summary>
    public static string LogName(string messageIdHash)
    {
        ArgumentNullException.ThrowIfNull(messageIdHash);
        return MessageIdLogPrefix + messageIdHash[..Math.Min(MessageIdLogLength, messageIdHash.Length)];
    }

    /// <summary>Whether <paramref name="value"/> has the shape of a message id's hash.</summary>
    public static bool IsMessageIdHash(string? value) =>
        value is { Length: MessageIdHashLength } && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
