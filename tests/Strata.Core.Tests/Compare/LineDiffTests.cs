using Strata.Core.Compare;

namespace Strata.Core.Tests.Compare;

public sealed class LineDiffTests
{
    private static string Text(params string[] lines) => string.Join("\n", lines) + "\n";

    private static string Render(IReadOnlyList<DiffHunk> hunks) => string.Join("\n", hunks.Select(h =>
        $"@@ -{h.OldStart},{h.OldLines} +{h.NewStart},{h.NewLines} @@\n" +
        string.Join("\n", h.Lines.Select(l => (l.Kind switch { "added" => "+", "deleted" => "-", _ => " " }) + l.Text))));

    [Fact]
    public void EqualTextsHaveNoHunks()
    {
        Assert.Empty(LineDiff.Compute(Text("a", "b"), Text("a", "b")));
        Assert.Empty(LineDiff.Compute("", ""));
    }

    [Fact]
    public void AChangedLineShowsAsDeletedThenAddedWithThreeLinesOfContext()
    {
        var before = Text("1", "2", "3", "4", "5", "6", "7", "8", "9");
        var after = Text("1", "2", "3", "4", "five", "6", "7", "8", "9");

        var hunks = LineDiff.Compute(before, after);

        Assert.Equal("@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8", Render(hunks));
        var deleted = hunks[0].Lines.Single(l => l.Kind == "deleted");
        var added = hunks[0].Lines.Single(l => l.Kind == "added");
        Assert.Equal((5, (int?)null), (deleted.Old!.Value, deleted.New));
        Assert.Equal(((int?)null, 5), (added.Old, added.New!.Value));
    }

    [Fact]
    public void DistantChangesMakeSeparateHunksAndCloseOnesMerge()
    {
        var lines = Enumerable.Range(1, 30).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var far = (string[])lines.Clone();
        far[1] = "two";
        far[25] = "twenty-six";
        var near = (string[])lines.Clone();
        near[9] = "ten";
        near[14] = "fifteen";

        var apart = LineDiff.Compute(Text(lines), Text(far));
        var together = LineDiff.Compute(Text(lines), Text(near));

        Assert.Equal(2, apart.Count);
        Assert.Equal((23, 7), (apart[1].OldStart, apart[1].OldLines));
        Assert.Single(together);
        Assert.Equal((7, 12), (together[0].OldStart, together[0].OldLines));
    }

    [Fact]
    public void InsertionsAndDeletionsKeepBothLineNumberings()
    {
        var hunks = LineDiff.Compute(Text("a", "b", "c"), Text("new", "a", "c", "end"));

        var rendered = Render(hunks);

        Assert.Equal("@@ -1,3 +1,4 @@\n+new\n a\n-b\n c\n+end", rendered);
        Assert.Equal([null, 1, 2, 3, null], hunks[0].Lines.Select(l => l.Old));
        Assert.Equal([1, 2, null, 3, 4], hunks[0].Lines.Select(l => l.New));
    }

    [Fact]
    public void LineEndingsAndAFinalNewlineDoNotCountAsChanges()
    {
        Assert.Empty(LineDiff.Compute("a\r\nb\r\n", "a\nb\n"));
        Assert.Empty(LineDiff.Compute("a\nb", "a\nb\n"));
    }

    [Fact]
    public void AnAddedFileIsAllAddedLines()
    {
        var hunks = LineDiff.Compute("", Text("x", "y"));

        Assert.Equal("@@ -1,0 +1,2 @@\n+x\n+y", Render(hunks));
    }
}
