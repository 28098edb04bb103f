using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Subscribers;

namespace Vimercate.Hosting;

/// <summary>Refuses settings the service cannot run with, naming the key.</summary>
internal sealed class WhatsAppOptionsValidator : IValidateOptions<WhatsAppOptions>
{
    public ValidateOptionsResult Validate(string? name, WhatsAppOptions options)
    {
        var failures = new List<string>();
        if (options.MessagesPerSecond <= 0)
        {
            failures.Add("WhatsApp:MessagesPerSecond must be a positive number.");
        }

        if (options.DailyRecipientLimit is <= 0)
        {
            failures.Add("WhatsApp:DailyRecipientLimit must be a positive number when set.");
        }

        if (options.Mode == WhatsAppMode.Cloud)
        {
            Require(failures, options.PhoneNumberId, "WhatsApp:PhoneNumberId");
            Require(failures, options.AccessToken, "WhatsApp:AccessToken");
            Require(failures, options.AppSecret, "WhatsApp:AppSecret");
            Require(failures, options.VerifyToken, "WhatsApp:VerifyToken");
            if (!Uri.TryCreate(options.GraphApiBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                failures.Add("WhatsApp:GraphApiBaseUrl must be an absolute http(s) URL.");
            }

            if (string.IsNullOrWhiteSpace(options.ApiVersion))
            {
                failures.Add("WhatsApp:ApiVersion is required when WhatsApp:Mode is Cloud.");
            }
        }

        foreach (var category in Enum.GetValues<CampaignCategory>())
        {
            if (options.Templates.For(category) is not { } template)
            {
                continue;
            }

            var key = TemplatesOptions.KeyOf(category);
            if (string.IsNullOrWhiteSpace(template.Language))
            {
                failures.Add($"{key}:Language is required when the template is configured.");
            }

            if (template.MaxTextLength is < 1 or > 1024)
            {
                failures.Add($"{key}:MaxTextLength must be between 1 and 1024.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Require(List<string> failures, string? value, string key)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{key} is required when WhatsApp:Mode is Cloud.");
        }
    }
}

/// <summary>Refuses service settings the citizens' flow cannot work with.</summary>
internal sealed class ServiceOptionsValidator : IValidateOptions<ServiceOptions>
{
    public ValidateOptionsResult Validate(string? name, ServiceOptions options)
    {
        var failures = new List<string>();
        if (options.WeeklyLimit < 0)
        {
            failures.Add("Service:WeeklyLimit must not be negative.");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _))
        {
            failures.Add($"Service:TimeZone '{options.TimeZone}' is not a known time zone.");
        }

        if (string.IsNullOrWhiteSpace(options.TermsVersion))
        {
            failures.Add("Service:TermsVersion is required.");
        }

        if (options.EffectiveSubscribeKeywords.Any(string.IsNullOrWhiteSpace) || options.EffectiveUnsubscribeKeywords.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add("Service:SubscribeKeywords and Service:UnsubscribeKeywords must not contain empty phrases.");
        }
        else
        {
            var vocabulary = KeywordMatcher.VocabularyOf(options);
            failures.AddRange(options.EffectiveSubscribeKeywords
                .Where(phrase => KeywordRules.Decide(phrase, vocabulary, fuzzy: false) != KeywordIntent.Subscribe)
                .Select(phrase => $"Service:SubscribeKeywords: '{phrase}' reads as an opt-out; choose a phrase without stop words."));
        }

        if (!QuietHours.TryParse(options.QuietHours, out _))
        {
            failures.Add($"Service:QuietHours '{options.QuietHours}' must be two local times, e.g. 21:00-08:00, or empty for none.");
        }

        if (!string.IsNullOrEmpty(options.TermsUrl) && !IsWebAddress(options.TermsUrl))
        {
            failures.Add("Service:TermsUrl must be an absolute http(s) address when set.");
        }

        failures.AddRange(CitizenTexts.Problems(options));

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsWebAddress(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}

/// <summary>Refuses a shard count that cannot index the audience.</summary>
internal sealed class AudienceOptionsValidator : IValidateOptions<AudienceOptions>
{
    public ValidateOptionsResult Validate(string? name, AudienceOptions options) =>
        options.ShardCount is >= 1 and <= 4096
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Audience:ShardCount must be between 1 and 4096.");
}
