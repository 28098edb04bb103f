extern alias LibPhoneNumber;

using LibPhoneNumber::PhoneNumbers;
using Microsoft.Extensions.Options;
using Vimercate.Hosting;

namespace Vimercate.Api.Privacy;

/// <summary>Reads the numbers people type (data protection officer, console lookup, sandbox) into E.164 digits, with libphonenumber.</summary>
/// <remarks>
/// <c>333 765 4321</c> (national, in <c>Service:DefaultRegion</c>), <c>+39 333 765 4321</c>, <c>0039 333 7654321</c> and
/// <c>393337654321</c> name the same number. Digits without a <c>+</c> or <c>00</c> are read both as a national number
/// and as a number with its country code; when both readings are valid numbers and differ, the input is refused rather
/// than guessed, so an answer never concerns a number other than the one meant.
/// </remarks>
public sealed class TypedNumbers(IOptions<ServiceOptions> service)
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>Whether libphonenumber knows the region (an ISO 3166 code such as IT).</summary>
    public static bool IsKnownRegion(string? region) => region is not null && Util.GetSupportedRegions().Contains(region);

    /// <summary>The E.164 digits (no plus) of a typed number, or null when it is no valid number or could be two.</summary>
    public string? Parse(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed) || typed.Length > 32 || !typed.All(IsAllowed))
        {
            return null;
        }

        var text = typed.Trim();
        if (text.StartsWith('+') || text.StartsWith("00", StringComparison.Ordinal))
        {
            return Read("+" + text.TrimStart('+')[(text.StartsWith('+') ? 0 : 2)..], null);
        }

        var national = Read(text, service.Value.DefaultRegion);
        var international = Read("+" + text, null);
        return national is null || international is null || national == international ? national ?? international : null;
    }

    private static string? Read(string text, string? region)
    {
        try
        {
            var number = Util.Parse(text, region);
            return Util.IsValidNumber(number) ? Util.Format(number, PhoneNumberFormat.E164)[1..] : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    private static bool IsAllowed(char c) => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '(' or ')' or '.' or '/';
}

/// <summary>Refuses a <c>Service:DefaultRegion</c> that libphonenumber does not know.</summary>
internal sealed class DefaultRegionValidator : IValidateOptions<ServiceOptions>
{
    public ValidateOptionsResult Validate(string? name, ServiceOptions options) =>
        TypedNumbers.IsKnownRegion(options.DefaultRegion)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Service:DefaultRegion '{options.DefaultRegion}' is not a known region: use an ISO 3166 code such as IT.");
}
