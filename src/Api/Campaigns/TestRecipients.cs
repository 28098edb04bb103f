using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Api.Privacy;
using Vimercate.Api.Security;

namespace Vimercate.Api.Campaigns;

/// <summary>The staff phones of <c>PressOffice:TestRecipients</c>, read as people type numbers.</summary>
internal sealed class TestRecipients(TypedNumbers typed, IOptionsMonitor<PressOfficeOptions> options)
{
    /// <summary>The numbers as E.164 digits, in order, without repeats.</summary>
    public IReadOnlyList<string> Numbers =>
        options.CurrentValue.TestRecipients.Select(typed.Parse).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
}

/// <summary>A test phone that is no number stops start-up, naming the setting.</summary>
internal sealed class TestRecipientsValidator(TypedNumbers typed) : IValidateOptions<PressOfficeOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, PressOfficeOptions options)
    {
        var failures = options.TestRecipients
            .Select((number, index) => (number, index))
            .Where(entry => typed.Parse(entry.number) is null)
            .Select(entry => $"PressOffice:TestRecipients:{entry.index} '{PhoneNumbers.Mask(entry.number)}' is not a phone number (national ones are read in Service:DefaultRegion).")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
