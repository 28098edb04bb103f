using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Net.Http.Headers;
using Vimercate.Privacy;
using Vimercate.Storage;

namespace Vimercate.Api.Problems;

/// <summary>
/// Answers an outage of the database or the cluster (<see cref="StorageFailure"/>) with 503 and the
/// <see cref="ApiProblems.StorageUnavailable"/> problem, never 500: the REST API's client and Meta both try again.
/// </summary>
public sealed partial class StorageUnavailableHandler(IProblemDetailsService problems, ILogger<StorageUnavailableHandler> logger) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (StorageFailure.Find(exception) is not { } outage)
        {
            return false;
        }

        LogUnavailable(logger, httpContext.Request.Method, outage.GetType().Name, LogRedaction.Scrub(outage.Message));
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers[HeaderNames.RetryAfter] = ApiProblems.StorageRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = ApiProblems.StorageUnavailable(),
            Exception = exception,
        });
    }

    [LoggerMessage(EventId = 4300, Level = LogLevel.Warning, Message = "{Method} answered 503: storage unavailable ({Failure}: {Error})")]
    private static partial void LogUnavailable(ILogger logger, string method, string failure, string error);
}
