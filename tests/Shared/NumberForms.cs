using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Vimercate.Tests;

/// <summary>The forms a subscriber's number takes in text and in bytes, where to find them, and message ids shaped like Meta's that hold it.</summary>
public static partial class NumberForms
{
    /// <summary>How many trailing digits name a number in a search: the number without its country code, and more than a mask shows.</summary>
    public const int IdentifyingDigits = 9;

    /// <summary>
    /// A message id shaped like Meta's: "wamid." and base64 of a small record that holds the number's digits (the sender's for
    /// an inbound message, the recipient's for an outbound one).
    /// </summary>
    public static string MetaShapedWamid(string number, int sequence)
    {
        var record = new List<byte> { 0x1C, 0x18, (byte)number.Length };
        record.AddRange(Encoding.ASCII.GetBytes(number));
        record.AddRange([0x15, 0x02, 0x00, 0x12, 0x18, 0x20]);
        record.AddRange(Encoding.ASCII.GetBytes($"{sequence:X8}{Guid.NewGuid():N}"[..32]));
        return "wamid." + Convert.ToBase64String([.. record]);
    }

    /// <summary>
    /// Every form a number could take in a dump of the database: its digits, the hex of their bytes, their base64 as inside a
    /// wamid, the digits read as a hexadecimal key, its 8-byte integer in both byte orders. Compare ignoring case.
    /// </summary>
    public static IEnumerable<(string Form, string Text)> InDump(string number)
    {
        yield return ("digits", number);
        yield return ("hex of its text", Convert.ToHexString(Encoding.ASCII.GetBytes(number)));
        foreach (var form in Base64(number))
        {
            yield return form;
        }

        // Orleans' storage reads a key made of hex digits as an integer key: the number's digits become a 64-bit value.
        yield return ("digits read as a hexadecimal key", ulong.Parse(number, NumberStyles.HexNumber, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
        var value = ulong.Parse(number, CultureInfo.InvariantCulture);
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        yield return ("8-byte integer, big-endian", Convert.ToHexString(bytes));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        yield return ("8-byte integer, little-endian", Convert.ToHexString(bytes));
    }

    /// <summary>
    /// Where <paramref name="text"/> holds <paramref name="number"/>: its last <see cref="IdentifyingDigits"/> digits, also with
    /// a plus, spaces, dashes, dots, slashes or parentheses between them, raw or URL-encoded; the base64 of those digits at
    /// each of the three alignments they can fall on inside a longer record; the hex of their bytes. Empty when it holds none.
    /// </summary>
    public static IReadOnlyList<string> FindIn(string text, string number)
    {
        ArgumentNullException.ThrowIfNull(text);
        var digits = number[^IdentifyingDigits..];
        var found = new List<string>();
        foreach (Match run in DigitRun().Matches(text))
        {
            if (string.Concat(Separators().Replace(run.Value, "").Where(char.IsAsciiDigit)).Contains(digits, StringComparison.Ordinal))
            {
                found.Add($"digits in \"{Around(text, run.Index, run.Length)}\"");
            }
        }

        foreach (var (form, encoded) in Base64(digits))
        {
            for (var at = text.IndexOf(encoded, StringComparison.Ordinal); at >= 0; at = text.IndexOf(encoded, at + 1, StringComparison.Ordinal))
            {
                found.Add($"{form} in \"{Around(text, at, encoded.Length)}\"");
            }
        }

        var hex = Convert.ToHexString(Encoding.ASCII.GetBytes(digits));
        for (var at = text.IndexOf(hex, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(hex, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            found.Add($"hex of its text in \"{Around(text, at, hex.Length)}\"");
        }

        return found;
    }

    // Base64 of the digits as they fall inside a longer run of bytes: the characters the neighbours share are left out.
    private static IEnumerable<(string Form, string Text)> Base64(string digits)
    {
        var ascii = Encoding.ASCII.GetBytes(digits);
        for (var offset = 0; offset < 3; offset++)
        {
            var padded = new byte[offset].Concat(ascii).ToArray();
            var encoded = Convert.ToBase64String(padded).TrimEnd('=');
            var from = ((8 * offset) + 5) / 6;
            var to = 8 * padded.Length / 6;
            yield return ($"base64 at offset {offset}", encoded[from..to]);
        }
    }

    private static string Around(string text, int index, int length)
    {
        var start = Math.Max(0, index - 60);
        var end = Math.Min(text.Length, index + length + 60);
        return string.Concat(text[start..end].Select(c => char.IsControl(c) ? '·' : c));
    }

    // Digits with anything a person or a URL puts between them.
    [GeneratedRegex(@"\d(?:[\d +\-./()]|%2[0BbDdEeFf8-9])*", RegexOptions.CultureInvariant)]
    private static partial Regex DigitRun();

    [GeneratedRegex(@"%2[0BbDdEeFf8-9]", RegexOptions.CultureInvariant)]
    private static partial Regex Separators();
}
