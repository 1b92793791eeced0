using System.Text;

namespace Strata.Bench.Harness;

/// <summary>
/// A deterministic course folder: many small text and notebook-like files in week/topic folders, and,
/// when the size allows, some 10–100 MB binaries (datasets, videos). Same seed, same bytes.
/// </summary>
public sealed record DataSpec(int Files, long Bytes, int Seed = 42)
{
    public string Name => $"{Files} files / {Size(Bytes)}";

    public static string Size(double bytes) => bytes switch
    {
        >= 1L << 30 => $"{Stats.Number(bytes / (1L << 30))} GB",
        >= 1L << 20 => $"{Stats.Number(bytes / (1L << 20))} MB",
        >= 1L << 10 => $"{Stats.Number(bytes / (1L << 10))} KB",
        _ => $"{bytes:0} B",
    };
}

public static class DataSet
{
    private static readonly string[] Words =
        ["energy", "momentum", "vector", "matrix", "sample", "gradient", "theorem", "proof", "lemma", "plot", "model", "error",
         "data", "student", "exercise", "answer", "import", "numpy", "def", "return", "for", "in", "range", "print"];

    /// <summary>Writes the data set under <paramref name="folder"/>; returns the relative paths written.</summary>
    public static IReadOnlyList<string> Write(string folder, DataSpec spec)
    {
        var random = new Random(spec.Seed);
        var sizes = new List<long>();
        var remaining = spec.Bytes;
        // Binaries take most of the bytes of a large set, at most one file in ten.
        if (spec.Bytes >= 200L << 20)
        {
            while (remaining > spec.Bytes / 5 && sizes.Count < spec.Files / 10)
            {
                var size = Math.Min(remaining - spec.Bytes / 5, random.NextInt64(10L << 20, 100L << 20));
                if (size < 10L << 20)
                    break;
                sizes.Add(size);
                remaining -= size;
            }
        }
        var binaries = sizes.Count;
        var small = spec.Files - binaries;
        var average = Math.Max(64, remaining / Math.Max(1, small));
        for (var i = 0; i < small; i++)
            sizes.Add(Math.Max(16, (long)(average * (0.5 + random.NextDouble()))));

        var paths = new List<string>(spec.Files);
        var buffer = new byte[1 << 20];
        for (var i = 0; i < sizes.Count; i++)
        {
            var binary = i < binaries;
            var path = binary ? $"data/dataset{i:D3}.bin" : PathOf(i - binaries);
            var full = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            using (var stream = new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                if (binary)
                {
                    for (var left = sizes[i]; left > 0; left -= buffer.Length)
                    {
                        random.NextBytes(buffer);
                        stream.Write(buffer, 0, (int)Math.Min(buffer.Length, left));
                    }
                }
                else
                {
                    stream.Write(Text(random, sizes[i], path.EndsWith(".ipynb", StringComparison.Ordinal)));
                }
            }
            paths.Add(path);
        }
        return paths;
    }

    /// <summary>Changes <paramref name="count"/> of the small files (a line appended), picked by the seed.</summary>
    public static IReadOnlyList<string> Modify(string folder, IReadOnlyList<string> paths, int count, int seed)
    {
        var random = new Random(seed);
        var candidates = paths.Where(p => !p.EndsWith(".bin", StringComparison.Ordinal)).ToList();
        var changed = new List<string>();
        while (changed.Count < count)
        {
            var path = candidates[random.Next(candidates.Count)];
            if (changed.Contains(path))
                continue;
            File.AppendAllText(Path.Combine(folder, path), $"\nedit {seed} {changed.Count}\n");
            changed.Add(path);
        }
        return changed;
    }

    private static string PathOf(int n) =>
        $"week{n / 1000:D2}/topic{n / 100 % 10}/{(n % 3 == 0 ? $"notebook{n:D6}.ipynb" : n % 3 == 1 ? $"notes{n:D6}.md" : $"exercise{n:D6}.py")}";

    private static byte[] Text(Random random, long size, bool notebook)
    {
        var text = new StringBuilder((int)size + 64);
        if (notebook)
            text.Append("{\"cells\": [{\"cell_type\": \"code\", \"source\": [\"");
        while (text.Length < size)
        {
            text.Append(Words[random.Next(Words.Length)]);
            text.Append(random.Next(8) == 0 ? '\n' : ' ');
        }
        text.Length = (int)size;
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
