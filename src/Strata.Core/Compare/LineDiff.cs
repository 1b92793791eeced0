using DiffPlex;
using DiffPlex.Chunkers;

namespace Strata.Core.Compare;

/// <summary>One line of a hunk: context (both sides), deleted (old side only) or added (new side only), with 1-based line numbers.</summary>
public sealed record DiffLine(string Kind, int? Old, int? New, string Text);

/// <summary>A run of changes with the unchanged lines around them, as in a unified diff.</summary>
public sealed record DiffHunk(int OldStart, int OldLines, int NewStart, int NewLines, IReadOnlyList<DiffLine> Lines);

/// <summary>
/// Line diff of two texts (DiffPlex finds the longest common subsequence); grouped into hunks with
/// <see cref="Context"/> unchanged lines either side, and hunks closer than twice that merged.
/// "\r\n" and "\n" end lines alike; a final line ending does not make an extra empty line.
/// </summary>
public static class LineDiff
{
    public const int Context = 3;

    public static IReadOnlyList<DiffHunk> Compute(string oldText, string newText, int context = Context)
    {
        var result = Differ.Instance.CreateDiffs(oldText, newText, ignoreWhiteSpace: false, ignoreCase: false, Lines.Instance);
        var (oldLines, newLines, blocks) = (result.PiecesOld, result.PiecesNew, result.DiffBlocks);
        var hunks = new List<DiffHunk>();
        for (var first = 0; first < blocks.Count;)
        {
            var last = first;
            while (last + 1 < blocks.Count && blocks[last + 1].DeleteStartA - (blocks[last].DeleteStartA + blocks[last].DeleteCountA) <= 2 * context)
                last++;
            var oldStart = Math.Max(0, blocks[first].DeleteStartA - context);
            var (i, j) = (oldStart, blocks[first].InsertStartB - (blocks[first].DeleteStartA - oldStart));
            var newStart = j;
            var lines = new List<DiffLine>();
            for (var b = first; b <= last; b++)
            {
                var block = blocks[b];
                for (; i < block.DeleteStartA; i++, j++)
                    lines.Add(new DiffLine("context", i + 1, j + 1, oldLines[i]));
                for (var d = 0; d < block.DeleteCountA; d++, i++)
                    lines.Add(new DiffLine("deleted", i + 1, null, oldLines[i]));
                for (var n = 0; n < block.InsertCountB; n++, j++)
                    lines.Add(new DiffLine("added", null, j + 1, newLines[j]));
            }
            for (var end = Math.Min(oldLines.Count, i + context); i < end; i++, j++)
                lines.Add(new DiffLine("context", i + 1, j + 1, oldLines[i]));
            hunks.Add(new DiffHunk(oldStart + 1, i - oldStart, newStart + 1, j - newStart, lines));
            first = last + 1;
        }
        return hunks;
    }

    /// <summary>Splits on "\n" (dropping a "\r" before it); a trailing line ending adds no empty line.</summary>
    private sealed class Lines : IChunker
    {
        public static readonly Lines Instance = new();

        public IReadOnlyList<string> Chunk(string text)
        {
            if (text.Length == 0)
                return [];
            var lines = text.Split('\n');
            var count = text.EndsWith('\n') ? lines.Length - 1 : lines.Length;
            return [.. lines.Take(count).Select(l => l.EndsWith('\r') ? l[..^1] : l)];
        }
    }
}
