using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vimercate.Abstractions;

namespace Vimercate.Privacy;

/// <summary>Names a number without holding it: the lowercase hex HMAC-SHA256 of its digits under <c>Privacy:HashKey</c>.</summary>
/// <remarks>
/// The same number gives the same name on every silo and every run as long as the key stays the same, which is what
/// lets the data protection officer find a number's archived consent history when the number is presented again.
/// </remarks>
public sealed partial class NumberHasher
{
    /// <summary>The key used when <c>Privacy:HashKey</c> is not set (embedded defaults and Development only).</summary>
    public const string DevelopmentKey = "vimercate-development-hash-key-do-not-use-in-production";

    private readonly byte[] _key;

    /// <summary>Reads the key once; says so in the log when it falls back to <see cref="DevelopmentKey"/>.</summary>
    public NumberHasher(IOptions<PrivacyOptions> options, ILogger<NumberHasher> logger)
    {
        var configured = options.Value.HashKey;
        if (string.IsNullOrWhiteSpace(configured))
        {
            LogDevelopmentKey(logger);
        }

        _key = Encoding.UTF8.GetBytes(string.IsNullOrWhiteSpace(configured) ? DevelopmentKey : configured.Trim());
    }

    /// <summary>The keyed hash of a number in E.164 digits: 64 lowercase hex characters.</summary>
    public string Hash(string number)
    {
        if (!PhoneNumbers.IsValid(number))
        {
            throw new ArgumentException("Only a number in E.164 digits can be hashed.", nameof(number));
        }

        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(number)));
    }

    [LoggerMessage(EventId = 8000, Level = LogLevel.Warning,
        Message = "Privacy:HashKey is not set: archived consent histories are named with the development key (fine in memory and in Development, never in production).")]
    private static partial void LogDevelopmentKey(ILogger logger);
}
