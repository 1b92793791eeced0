using System.Text;

namespace Strata.Server.Pages.Instances;

/// <summary>
/// A text file between its stored bytes and the browser's editor. The browser shows every line ending
/// as a line break and posts each back as CRLF (HTML's form encoding), and a byte order mark would be an
/// invisible character a person could delete by accident; so the editor shows plain lines, and a save
/// writes them back with the stored file's own line ending and byte order mark. A final newline is
/// kept or left out exactly as typed.
/// </summary>
public static class TextFile
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text to show in the editor, without the byte order mark; null when the bytes are not UTF-8.</summary>
    public static string? Shown(ReadOnlySpan<byte> stored)
    {
        try
        {
            return Strict.GetString(stored.StartsWith(Bom) ? stored[Bom.Length..] : stored);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>The bytes to store for the posted text, given the bytes stored before the edit.</summary>
    public static byte[] Saved(string posted, ReadOnlySpan<byte> before)
    {
        var text = NormaliseLineBreaks(posted.TrimStart('\uFEFF'), LineEndingOf(before));
        var bytes = Encoding.UTF8.GetBytes(text);
        return before.StartsWith(Bom) ? [.. Bom, .. bytes] : bytes;
    }

    /// <summary>The line ending most lines of the stored text end with ("\n" when it has none).</summary>
    public static string LineEndingOf(ReadOnlySpan<byte> stored)
    {
        var (crlf, lf, cr) = (0, 0, 0);
        for (var i = 0; i < stored.Length; i++)
        {
            if (stored[i] == '\r' && i + 1 < stored.Length && stored[i + 1] == '\n')
                (crlf, i) = (crlf + 1, i + 1);
            else if (stored[i] == '\n')
                lf++;
            else if (stored[i] == '\r')
                cr++;
        }
        // A mixed file keeps its majority ending: the editor cannot tell which line had which.
        return crlf > lf && crlf >= cr ? "\r\n" : cr > lf ? "\r" : "\n";
    }

    /// <summary>
    /// Every CRLF, CR or LF becomes <paramref name="lineEnding"/>; other separators (form feed, U+2028…)
    /// stay as they are, which string.ReplaceLineEndings would not do.
    /// </summary>
    private static string NormaliseLineBreaks(string text, string lineEnding)
    {
        var result = new StringBuilder(text.Length + text.Length / 16);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                    i++;
                result.Append(lineEnding);
            }
            else if (text[i] == '\n')
                result.Append(lineEnding);
            else
                result.Append(text[i]);
        }
        return result.ToString();
    }
}
