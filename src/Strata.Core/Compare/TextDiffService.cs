using System.Text;
using Strata.Core.Access;
using Strata.Core.Errors;
using Strata.Core.States;
using Strata.Storage;
using Strata.Storage.Blobs;
using Strata.Storage.Trees;

namespace Strata.Core.Compare;

/// <summary>
/// The change of one file between two states of an instance. <see cref="Change"/> is added, modified,
/// deleted or unchanged; hunks are given only for text (UTF-8 without NUL) up to <see cref="TextDiffService.MaxBytes"/> a side.
/// </summary>
public sealed record TextDiffView(string Path, string Change, bool Binary, bool TooLarge, IReadOnlyList<DiffHunk> Hunks);

/// <summary>Line diff of a file between two states, for the compare view (SPEC §5).</summary>
public sealed class TextDiffService(AccessResolver access, StateRoots roots, OtherState others, ITreeStore trees, IBlobStore blobs)
{
    /// <summary>Larger files are reported as changed without lines: a browser can't usefully show more.</summary>
    public const long MaxBytes = 1 << 20;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Changes from <paramref name="against"/> to <paramref name="state"/> in the file at <paramref name="path"/>.</summary>
    public async Task<TextDiffView> DiffAsync(Actor actor, InstanceAddress at, string state, string? against, string? path, CancellationToken ct)
    {
        var scope = await access.InstanceAsync(actor, at.Org, at.Space, at.Instance, ct);
        AccessPolicy.Demand(Act.ReadState, scope.Grants, scope.Org.Name, scope.Space.Name);
        if (string.IsNullOrWhiteSpace(against))
            throw new DomainException(ErrorCodes.InvalidRequest, "Say what to compare with: ?against=current, a snapshot id, or {instance}/{state} for another instance of the space.");
        var file = StoragePath.Parse(path);
        if (file.IsRoot)
            throw new DomainException(ErrorCodes.InvalidPath, "Name the file to compare: .../diff/{path}?against={state}.");
        return await BetweenAsync(await others.RootAsync(actor, scope, against, ct), (await roots.RootOfAsync(scope.Instance, state, ct)).Root, file, ct);
    }

    /// <summary>The line diff of one file between two roots the caller was allowed to read (an assignment's handout and a hand-in).</summary>
    public async Task<TextDiffView> BetweenAsync(ContentId from, ContentId to, StoragePath file, CancellationToken ct)
    {
        var after = await FileAtAsync(to, file, ct);
        var before = await FileAtAsync(from, file, ct);
        if (before is null && after is null)
            throw new DomainException(ErrorCodes.NotFound, $"There is no file \"{file}\" in either state.");

        var change = before is null ? "added" : after is null ? "deleted" : before.Id == after.Id ? "unchanged" : "modified";
        if ((before?.Size ?? 0) > MaxBytes || (after?.Size ?? 0) > MaxBytes)
            return new TextDiffView(file.ToString(), change, Binary: false, TooLarge: true, []);
        var oldText = await TextOfAsync(before, ct);
        var newText = await TextOfAsync(after, ct);
        if (oldText is null || newText is null)
            return new TextDiffView(file.ToString(), change, Binary: true, TooLarge: false, []);
        return new TextDiffView(file.ToString(), change, Binary: false, TooLarge: false, LineDiff.Compute(oldText, newText));
    }

    private async Task<TreeEntry?> FileAtAsync(ContentId root, StoragePath file, CancellationToken ct)
    {
        var entry = await new TreeEditor(trees, root).GetEntryAsync(file, ct);
        return entry is { IsFolder: true }
            ? throw new DomainException(ErrorCodes.InvalidRequest, $"\"{file}\" is a folder; compare folders with .../diff?against={{state}}.")
            : entry;
    }

    /// <summary>The file as text; "" when absent, null when it is not UTF-8 text.</summary>
    private async Task<string?> TextOfAsync(TreeEntry? file, CancellationToken ct)
    {
        if (file is null)
            return "";
        await using var stream = await blobs.OpenReadAsync(file.Id, ct);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        try
        {
            var text = StrictUtf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            return text.Contains('\0', StringComparison.Ordinal) ? null : text.TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
