using Strata.Storage.Collection;

namespace Strata.Storage.Tests.Collection;

public sealed class FingerprintsTests
{
    [Fact]
    public void WhatWasAddedIsFoundAndNothingElseIs()
    {
        var added = Enumerable.Range(0, 5000).Select(n => ContentId.Compute(BitConverter.GetBytes(n))).ToList();
        var others = Enumerable.Range(5000, 5000).Select(n => ContentId.Compute(BitConverter.GetBytes(n))).ToList();
        var marks = new Fingerprints();

        foreach (var id in added.Concat(added.Take(100)))
            marks.Add(id);
        marks.Seal();

        Assert.Equal(5000, marks.Count);
        Assert.All(added, id => Assert.True(marks.Contains(id)));
        Assert.All(others, id => Assert.False(marks.Contains(id)));
    }

    /// <summary>A second mark adds to the first: what either reached is found.</summary>
    [Fact]
    public void SealingAgainKeepsWhatWasSealedBefore()
    {
        var first = ContentId.Compute("first"u8);
        var second = ContentId.Compute("second"u8);
        var marks = new Fingerprints();

        marks.Add(first);
        marks.Seal();
        marks.Add(second);
        marks.Add(first);
        marks.Seal();

        Assert.Equal((2L, true, true), (marks.Count, marks.Contains(first), marks.Contains(second)));
    }

    [Fact]
    public void AskingBeforeSealingIsAMistake()
    {
        var marks = new Fingerprints();
        marks.Add(ContentId.Compute("x"u8));

        Assert.Throws<InvalidOperationException>(() => marks.Contains(ContentId.Compute("x"u8)));
    }
}
