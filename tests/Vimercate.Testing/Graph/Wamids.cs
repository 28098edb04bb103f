using System.Globalization;
using System.Text;

namespace Vimercate.Testing.Graph;

/// <summary>Message ids shaped like Meta's: <c>wamid.</c> and base64 of bytes that carry the recipient's digits and a unique part.</summary>
public static class Wamids
{
    private static readonly byte[] Lead = [0x1C, 0x18];

    /// <summary>A wamid for a message to <paramref name="digits"/>, unique by <paramref name="unique"/>.</summary>
    public static string For(string digits, long unique)
    {
        ArgumentNullException.ThrowIfNull(digits);
        var tail = Encoding.ASCII.GetBytes(unique.ToString("X20", CultureInfo.InvariantCulture));
        var number = Encoding.ASCII.GetBytes(digits);
        var bytes = new byte[Lead.Length + 1 + number.Length + 6 + tail.Length];
        var at = 0;
        Lead.CopyTo(bytes, at);
        at += Lead.Length;
        bytes[at++] = (byte)number.Length;
        number.CopyTo(bytes, at);
        at += number.Length;
        foreach (var marker in (byte[])[0x15, 0x02, 0x00, 0x11, 0x18, (byte)tail.Length])
        {
            bytes[at++] = marker;
        }

        tail.CopyTo(bytes, at);
        return "wamid." + Convert.ToBase64String(bytes);
    }

    /// <summary>The recipient's digits inside a wamid made by <see cref="For"/>, or null when it is not one.</summary>
    public static string? RecipientOf(string wamid)
    {
        if (wamid is null || !wamid.StartsWith("wamid.", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var bytes = Convert.FromBase64String(wamid["wamid.".Length..]);
            var length = bytes.Length > Lead.Length ? bytes[Lead.Length] : 0;
            return length > 0 && bytes.Length >= Lead.Length + 1 + length ? Encoding.ASCII.GetString(bytes, Lead.Length + 1, length) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
