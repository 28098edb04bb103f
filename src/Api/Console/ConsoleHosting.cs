using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;
using Vimercate.Hosting;

namespace Vimercate.Api.Console;

/// <summary>Serves the press office console at <c>/</c> and, in Sandbox mode, the citizen simulator at <c>/sandbox/</c>.</summary>
public static class ConsoleHosting
{
    /// <summary>The web root folder of the citizen simulator.</summary>
    public const string SimulatorFolder = "sandbox";

    // Everything the pages load comes from this host; media previews may show https images.
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The live streams and their pacing (section <c>Console</c>).</summary>
    public static IHostApplicationBuilder AddConsole(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConsoleOptions>()
            .BindConfiguration(ConsoleOptions.Section)
            .Validate(o => o.UpdateInterval > TimeSpan.Zero && o.StatisticsInterval > TimeSpan.Zero && o.SandboxInterval > TimeSpan.Zero && o.KeepAliveInterval > TimeSpan.Zero, "Console: every interval must be positive.")
            .Validate(o => o.OverviewCampaigns is >= 1 and <= 100, "Console:OverviewCampaigns must be from 1 to 100.")
            .Validate(o => o.GrowthDays is >= 1 and <= SubscriberTrend.MaxDays, $"Console:GrowthDays must be from 1 to {SubscriberTrend.MaxDays}.")
            .ValidateOnStart();
        builder.Services.AddSingleton<LiveUpdates>();
        return builder;
    }

    /// <summary>The console's static files from the web root, the simulator's only in Sandbox mode; never cached without asking.</summary>
    public static IApplicationBuilder UseConsole(this WebApplication app)
    {
        var sandbox = app.Configuration.GetValue($"{WhatsAppOptions.Section}:Mode", WhatsAppMode.Sandbox) == WhatsAppMode.Sandbox;
        var files = sandbox ? app.Environment.WebRootFileProvider : new HiddenFolderFileProvider(app.Environment.WebRootFileProvider, SimulatorFolder);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.CacheControl = "no-cache";
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
            },
        });
        return app;
    }

    /// <summary>The web root without one top-level folder.</summary>
    private sealed class HiddenFolderFileProvider(IFileProvider inner, string folder) : IFileProvider
    {
        public IFileInfo GetFileInfo(string subpath) =>
            IsHidden(subpath) ? new NotFoundFileInfo(subpath) : inner.GetFileInfo(subpath);

        public IDirectoryContents GetDirectoryContents(string subpath) =>
            IsHidden(subpath) ? NotFoundDirectoryContents.Singleton : inner.GetDirectoryContents(subpath);

        public IChangeToken Watch(string filter) => inner.Watch(filter);

        private bool IsHidden(string subpath)
        {
            var path = subpath.TrimStart('/');
            return path.Equals(folder, StringComparison.OrdinalIgnoreCase)
                || path.StartsWith(folder + "/", StringComparison.OrdinalIgnoreCase);
        }
    }
}
