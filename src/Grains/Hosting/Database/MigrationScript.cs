using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Vimercate.Hosting.Database;

/// <summary>One versioned schema script from <c>db/migrations</c>, embedded in this assembly.</summary>
/// <param name="Version">The number the file name starts with.</param>
/// <param name="Name">The file name without extension, e.g. <c>0002_orleans_clustering</c>.</param>
/// <param name="Sql">The script.</param>
/// <param name="Checksum">SHA-256 of the script with normalised line endings, to notice edits of applied scripts.</param>
public sealed record MigrationScript(int Version, string Name, string Sql, string Checksum)
{
    private const string ResourcePrefix = "Vimercate.Database.Migrations.";
    private const string ResourceSuffix = ".sql";

    /// <summary>All embedded scripts in version order.</summary>
    public static IReadOnlyList<MigrationScript> LoadAll()
    {
        var assembly = typeof(MigrationScript).Assembly;
        var scripts = new List<MigrationScript>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(ResourceSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[ResourcePrefix.Length..^ResourceSuffix.Length];
            var separator = name.IndexOf('_', StringComparison.Ordinal);
            if (separator <= 0 || !int.TryParse(name.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"Schema script '{name}' must be named NNNN_description.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var sql = reader.ReadToEnd().ReplaceLineEndings("\n");
            var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
            scripts.Add(new MigrationScript(version, name, sql, checksum));
        }

        scripts.Sort((left, right) => left.Version.CompareTo(right.Version));
        for (var i = 1; i < scripts.Count; i++)
        {
            if (scripts[i].Version == scripts[i - 1].Version)
            {
                throw new InvalidOperationException($"Schema scripts '{scripts[i - 1].Name}' and '{scripts[i].Name}' share version {scripts[i].Version}.");
            }
        }

        return scripts;
    }
}
