using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Vimercate.Api.Problems;

namespace Vimercate.Api.Operations;

/// <summary>Errors as ProblemDetails everywhere, liveness and readiness.</summary>
public static class OperationsApi
{
    /// <summary>The tag of the health checks that decide readiness.</summary>
    public const string ReadyTag = "ready";

    /// <summary>ProblemDetails for every error and the health checks (the silo's among the ready ones).</summary>
    public static IHostApplicationBuilder AddOperations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
            {
                problem.Type = ProblemTypes.ForStatus(problem.Status ?? context.HttpContext.Response.StatusCode);
            }

            problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
        });
        builder.Services.AddExceptionHandler<StorageUnavailableHandler>();
        builder.Services.AddExceptionHandler(options =>
            options.StatusCodeSelector = exception => exception is BadHttpRequestException badRequest
                ? badRequest.StatusCode
                : StatusCodes.Status500InternalServerError);
        builder.Services.AddHealthChecks().AddCheck<SiloHealthCheck>("silo", tags: [ReadyTag]);
        return builder;
    }

    /// <summary>Turns exceptions and empty error responses into ProblemDetails; goes first in the pipeline.</summary>
    public static IApplicationBuilder UseOperations(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    /// <summary><c>GET /health/live</c> (the process runs) and <c>GET /health/ready</c> (every check tagged ready passes; the body names each).</summary>
    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = ReadinessReport.WriteAsync,
        });
        return endpoints;
    }
}
