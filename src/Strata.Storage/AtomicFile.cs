namespace Strata.Storage;

/// <summary>
/// Writes go to a temporary file in the store's own tmp/ folder, are flushed to disk, then renamed
/// into place: a reader sees a whole object or none, even after a crash mid-write.
/// </summary>
internal static class AtomicFile
{
    public static string NewTemporaryPath(string tmpDirectory)
    {
        Directory.CreateDirectory(tmpDirectory);
        return Path.Combine(tmpDirectory, Guid.NewGuid().ToString("N") + ".tmp");
    }

    public static FileStream CreateTemporary(string path) =>
        new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);

    /// <summary>Moves a finished temporary file to its final name; false when an identical object got there first.</summary>
    public static bool Publish(string temporaryPath, string finalPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
        if (File.Exists(finalPath))
        {
            File.Delete(temporaryPath);
            return false;
        }
        try
        {
            File.Move(temporaryPath, finalPath, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(finalPath))
        {
            // A concurrent writer published the same content first: ours is identical, drop it.
            File.Delete(temporaryPath);
            return false;
        }
    }

    public static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left for the start-up sweep of stale temporary files.
        }
    }

    /// <summary>
    /// Removes temporary files a crashed process left behind; they were never visible as objects. A file still
    /// being written — by this process or another node sharing the folder, however slow its upload — is kept: its
    /// writer holds it open with <see cref="FileShare.None"/>, which on Unix is an exclusive lock this sweep would
    /// need too. The file is unlinked while the sweep holds that lock, so no writer can be between the check and the delete.
    /// </summary>
    public static void SweepStale(string tmpDirectory, TimeSpan olderThan)
    {
        if (!Directory.Exists(tmpDirectory))
            return;
        var cutoff = DateTime.UtcNow - olderThan;
        foreach (var file in Directory.EnumerateFiles(tmpDirectory, "*.tmp"))
        {
            if (File.GetLastWriteTimeUtc(file) >= cutoff)
                continue;
            try
            {
                using var held = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                File.Delete(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Being written (locked), or already gone: not ours to remove.
            }
        }
    }

    /// <summary>root/ab/cd/abcd…: a fan-out that keeps folders small.</summary>
    public static string ObjectPath(string root, ContentId id)
    {
        var hex = id.ToString();
        return Path.Combine(root, hex[..2], hex[2..4], hex);
    }
}
