namespace Vimercate.Silo.Tests.Processes;

/// <summary>The built hosts (<c>src/Silo</c>, <c>src/Api</c>) of the configuration and framework the tests were built for.</summary>
internal static class HostBinaries
{
    private const string SolutionFile = "Vimercate.Orleans.sln";

    /// <summary>The headless silo host.</summary>
    public static string Silo => Find("Silo", "Vimercate.Silo.dll");

    /// <summary>The API host.</summary>
    public static string Api => Find("Api", "Vimercate.Api.dll");

    /// <summary>The dotnet executable that runs the tests.</summary>
    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    // The tests run from tests/<project>/bin/<configuration>/<framework>/; the hosts build to src/<host>/bin/<configuration>/<framework>/.
    private static string Find(string project, string assembly)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent?.Name ?? throw new InvalidOperationException($"Unexpected test output directory {output.FullName}.");
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, SolutionFile)))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException($"{SolutionFile} not found above {output.FullName}.");
        }

        var path = Path.Combine(root.FullName, "src", project, "bin", configuration, framework, assembly);
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{path} does not exist: build the solution ({configuration}) before running the process tests.");
    }
}
