namespace Vimercate.Abstractions;

/// <summary>Validation, conversion and masking of WhatsApp ids (E.164 digits without the leading plus).</summary>
public static class PhoneNumbers
{
    /// <summary>The longest number E.164 allows.</summary>
    public const int MaxDigits = 15;

    /// <summary>True when <paramref name="value"/> is 6 to 15 ASCII digits and does not start with 0.</summary>
    public static bool IsValid(string? value)
    {
        if (value is null || value.Length is < 6 or > MaxDigits || value[0] == '0')
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Accepts "+39 333 123 4567", "0039...", "393331234567" and returns the digits, or null when it is no number.</summary>
    public static string? Normalize(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var digits = new string(value.Where(char.IsAsciiDigit).ToArray());
        var allowed = value.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '(' or ')' or '.');
        if (!allowed)
        {
            return null;
        }

        if (digits.StartsWith("00", StringComparison.Ordinal))
        {
            digits = digits[2..];
        }

        return IsValid(digits) ? digits : null;
    }

    /// <summary>The number as a compact key for the audience; the inverse of <see cref="FromKey"/>.</summary>
    public static ulong ToKey(string digits) => ulong.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The digits of a compact audience key.</summary>
    public static string FromKey(ulong key) => key.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Masks all but the last three digits, for log lines: "*********567".</summary>
    public static string Mask(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "(none)";
        }

        return value.Length <= 3 ? new string('*', value.Length) : string.Concat(new string('*', value.Length - 3), value.AsSpan(value.Length - 3));
    }

    /// <summary>Masks a compact audience key.</summary>
    public static string Mask(ulong key) => Mask(FromKey(key));
}
