using System.Text;

namespace Strata.Server.Pages;

/// <summary>
/// A URL that may go in a Location header: HTTP header values are ASCII, so every other character (and every
/// space or control character) is percent-encoded as UTF-8; what is already ASCII, escapes included, stays.
/// </summary>
public static class AsciiUrl
{
    public static string Escape(string url)
    {
        if (url.All(c => c is > ' ' and < '\u007F'))
            return url;
        var builder = new StringBuilder(url.Length * 3);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in url.EnumerateRunes())
        {
            if (rune.Value is > ' ' and < 0x7F)
            {
                builder.Append((char)rune.Value);
                continue;
            }
            var length = rune.EncodeToUtf8(bytes);
            foreach (var b in bytes[..length])
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }
}
