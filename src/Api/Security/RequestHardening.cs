using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Vimercate.Api.Operations;
using Vimercate.Privacy;

namespace Vimercate.Api.Security;

/// <summary>
/// What every response and every press office request goes through: security headers, body size limits, the API key,
/// a rate limit per key, and the Orleans dashboard for admins only.
/// </summary>
public static partial class RequestHardening
{
    /// <summary>The largest body any route takes (the webhook's 3 MB and some headroom); Kestrel refuses larger ones.</summary>
    public const long MaxBodyBytes = 4 * 1024 * 1024;

    /// <summary>Where the Orleans dashboard is served.</summary>
    public const string DashboardPath = "/dashboard";

    private const string ApiPath = "/api";

    // Dashboard views that name grains by key (subscribers are keyed by their number) or show a grain's state.
    private static readonly string[] DashboardViewsWithNumbers = ["/Reminders", "/GrainState"];

    /// <summary>Limits (<see cref="RequestLimitsOptions"/>), the per-key rate limiter and Kestrel's body size ceiling.</summary>
    public static IHostApplicationBuilder AddRequestHardening(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RequestLimitsOptions>().BindConfiguration(RequestLimitsOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RequestLimitsOptions>, RequestLimitsOptionsValidator>());
        services.Configure<KestrelServerOptions>(options => options.Limits.MaxRequestBodySize = MaxBodyBytes);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(Partition);
            options.OnRejected = RejectAsync;
        });
        return builder;
    }

    /// <summary>
    /// Security headers (and <c>Cache-Control: no-store</c>) on every response; then for <c>/api</c> the body limit, the API key, the rate limit and
    /// authorization, in that order, so that requests without a valid key are limited too.
    /// </summary>
    public static IApplicationBuilder UseRequestHardening(this IApplicationBuilder app)
    {
        app.Use(static (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = "frame-ancestors 'none'";
            headers["Referrer-Policy"] = "no-referrer";

            // Answers may carry a citizen's data (the data protection officer's routes, the sandbox, the audit log):
            // nothing is kept by a browser or a proxy. The console's static files say otherwise for themselves.
            headers.CacheControl = "no-store";
            return next(context);
        });
        app.Use(LimitBodyAsync);
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.Use(static (context, next) => IsDashboardViewWithNumbers(context.Request.Path)
            ? Results.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Not available.",
                detail: "This dashboard view names subscribers by their number and is switched off.",
                type: ProblemTypes.ForStatus(StatusCodes.Status404NotFound)).ExecuteAsync(context)
            : next(context));
        return app;
    }

    private static Task LimitBodyAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.StartsWithSegments(ApiPath))
        {
            return next(context);
        }

        var limit = context.RequestServices.GetRequiredService<IOptions<RequestLimitsOptions>>().Value.MaxBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Payload too large.",
                detail: $"A request body on /api may be at most {limit} bytes.",
                type: ProblemTypes.PayloadTooLarge).ExecuteAsync(context);
        }

        // Bodies without a length (chunked) are cut off by the server while they are read.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        return next(context);
    }

    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(ApiPath))
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }

        var limits = context.RequestServices.GetRequiredService<IOptions<RequestLimitsOptions>>().Value;
        var caller = context.User.Identity is { IsAuthenticated: true, Name: { } name }
            ? "key:" + name
            : "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        return RateLimitPartition.GetFixedWindowLimiter(caller, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.RequestsPerWindow,
            Window = limits.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var limits = context.RequestServices.GetRequiredService<IOptions<RequestLimitsOptions>>().Value;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : limits.Window;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        LogRateLimited(
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestHardening).FullName!),
            context.User.Identity?.Name ?? "(no valid key)",
            LogRedaction.Scrub(context.Request.Path.Value ?? ""),
            seconds);
        await Results.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests.",
            detail: $"This API key may make {limits.RequestsPerWindow} requests every {limits.WindowSeconds} s; try again in {seconds} s.",
            type: ProblemTypes.ForStatus(StatusCodes.Status429TooManyRequests)).ExecuteAsync(context);
    }

    private static bool IsDashboardViewWithNumbers(PathString path) =>
        path.StartsWithSegments(DashboardPath, out var rest) && DashboardViewsWithNumbers.Any(view => rest.StartsWithSegments(view, StringComparison.OrdinalIgnoreCase));

    [LoggerMessage(EventId = 8200, Level = LogLevel.Warning, Message = "Rate limit reached by {ApiKeyName} on {Path}; told to retry in {Seconds} s")]
    private static partial void LogRateLimited(ILogger logger, string apiKeyName, string path, int seconds);
}
