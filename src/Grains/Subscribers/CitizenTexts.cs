using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Vimercate.Hosting;

namespace Vimercate.Subscribers;

/// <summary>
/// Every text a citizen reads: Italian in <c>CitizenTexts.resx</c>, replaced by name through <c>Service:Texts</c>, with
/// <c>{Placeholders}</c> filled in from <c>Service:*</c>; a line whose placeholder names a setting that is not set is left out.
/// </summary>
public static partial class CitizenTexts
{
    /// <summary>The placeholders a text may use.</summary>
    public static readonly IReadOnlyList<string> Placeholders =
        ["Service", "WeeklyLimit", "PrivacyPolicyUrl", "TermsUrl", "ContactEmail", "Subscribe", "Unsubscribe"];

    private static readonly ResourceManager Resources = new(typeof(CitizenTexts));

    /// <summary>The text of one reply as configured (an override or the resource), placeholders unfilled.</summary>
    public static string Template(ReplyKind kind, ServiceOptions service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return service.Texts.TryGetValue(kind.ToString(), out var configured) && !string.IsNullOrWhiteSpace(configured)
            ? configured
            : Resources.GetString(kind.ToString(), CultureInfo.InvariantCulture)
                ?? throw new InvalidOperationException($"CitizenTexts.resx has no text named {kind}.");
    }

    /// <summary>The text of one reply as the citizen reads it.</summary>
    public static string Render(ReplyKind kind, ServiceOptions service)
    {
        var values = ValuesOf(service);
        var lines = Template(kind, service).ReplaceLineEndings("\n").Split('\n')
            .Where(line => Placeholder().Matches(line).All(p => !string.IsNullOrWhiteSpace(values.GetValueOrDefault(p.Groups[1].Value))))
            .Select(line => Placeholder().Replace(line, p => values[p.Groups[1].Value]!));
        return string.Join('\n', lines).Trim();
    }

    /// <summary>What is wrong with the configured texts, naming the key; empty when nothing is.</summary>
    public static IEnumerable<string> Problems(ServiceOptions service)
    {
        ArgumentNullException.ThrowIfNull(service);
        foreach (var (name, text) in service.Texts)
        {
            if (!Enum.TryParse<ReplyKind>(name, ignoreCase: false, out _) || int.TryParse(name, out _))
            {
                yield return $"Service:Texts:{name} is not a citizen text ({string.Join(", ", Enum.GetNames<ReplyKind>())}).";
                continue;
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                yield return $"Service:Texts:{name} must not be empty.";
                continue;
            }

            var unknown = Placeholder().Matches(text).Select(m => m.Groups[1].Value).Where(p => !Placeholders.Contains(p)).Distinct().ToList();
            if (unknown.Count > 0)
            {
                yield return $"Service:Texts:{name} uses {string.Join(", ", unknown.Select(p => "{" + p + "}"))}; the placeholders are {string.Join(", ", Placeholders.Select(p => "{" + p + "}"))}.";
            }
        }
    }

    private static Dictionary<string, string?> ValuesOf(ServiceOptions service) => new(StringComparer.Ordinal)
    {
        ["Service"] = service.Name,
        ["WeeklyLimit"] = service.WeeklyLimit.ToString(CultureInfo.InvariantCulture),
        ["PrivacyPolicyUrl"] = service.PrivacyPolicyUrl,
        ["TermsUrl"] = service.TermsUrl,
        ["ContactEmail"] = service.ContactEmail,
        ["Subscribe"] = service.EffectiveSubscribeKeywords[0],
        ["Unsubscribe"] = service.EffectiveUnsubscribeKeywords[0],
    };

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex Placeholder();
}
