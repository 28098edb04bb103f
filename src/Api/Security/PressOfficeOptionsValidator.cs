using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Vimercate.Api.Security;

/// <summary>Refuses API keys the service cannot use safely, naming the setting.</summary>
internal sealed partial class PressOfficeOptionsValidator : IValidateOptions<PressOfficeOptions>
{
    /// <summary>Shortest accepted secret.</summary>
    public const int MinimumKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, PressOfficeOptions options)
    {
        var failures = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var key = options.ApiKeys[i];
            var prefix = $"PressOffice:ApiKeys:{i}";
            if (!NamePattern().IsMatch(key.Name))
            {
                failures.Add($"{prefix}:Name must be 1-64 letters, digits, '.', '_' or '-'.");
            }
            else if (!names.Add(key.Name))
            {
                failures.Add($"{prefix}:Name '{key.Name}' is used by another key.");
            }

            if (!string.IsNullOrEmpty(key.KeySha256))
            {
                if (!string.IsNullOrEmpty(key.Key))
                {
                    failures.Add($"{prefix}: set Key or KeySha256, not both.");
                }
                else if (ApiKeyDigest.Hex(key) is not { } digest)
                {
                    failures.Add($"{prefix}:KeySha256 must be the 64 hexadecimal characters of the key's SHA-256.");
                }
                else if (!keys.Add(digest))
                {
                    failures.Add($"{prefix}:KeySha256 is the same as another key's.");
                }
            }
            else if (string.IsNullOrWhiteSpace(key.Key) || key.Key.Length < MinimumKeyLength)
            {
                failures.Add($"{prefix}:Key must be at least {MinimumKeyLength} characters.");
            }
            else if (!keys.Add(ApiKeyDigest.Hex(key)!))
            {
                failures.Add($"{prefix}:Key is the same as another key's.");
            }

            if (key.Roles.Length == 0)
            {
                failures.Add($"{prefix}:Roles must name at least one of {string.Join(", ", PressOfficeRoles.All)}.");
            }

            foreach (var role in key.Roles.Where(role => !PressOfficeRoles.All.Contains(role, StringComparer.Ordinal)))
            {
                failures.Add($"{prefix}:Roles: '{role}' is not a role ({string.Join(", ", PressOfficeRoles.All)}).");
            }
        }

                return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex NamePattern();
}
