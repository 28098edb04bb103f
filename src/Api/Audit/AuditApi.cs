using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vimercate.Api.Problems;
using Vimercate.Api.Quota;
using Vimercate.Api.Security;
using Vimercate.Hosting;

namespace Vimercate.Api.Audit;

/// <summary>The audit log: where it is kept, and <c>GET /api/audit</c> for admins.</summary>
public static class AuditApi
{
    /// <summary>Largest page of the audit log.</summary>
    public const int MaxPageSize = 200;

    /// <summary>Page size when none is asked for.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>The <c>audit_log</c> table in PostgreSQL mode (through the process's data source), memory on the embedded defaults.</summary>
    public static IHostApplicationBuilder AddAudit(this IHostApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(VimercateSiloExtensions.PostgresConnectionName)))
        {
            builder.Services.TryAddSingleton<IAuditLog, InMemoryAuditLog>();
        }
        else
        {
            builder.Services.TryAddSingleton<IAuditLog, PostgresAuditLog>();
        }

        builder.Services.TryAddSingleton<ServiceCalendar>();
        builder.Services.TryAddSingleton<PressOfficeAudit>();
        return builder;
    }

    /// <summary>Maps <c>GET /api/audit</c> (admin only).</summary>
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPressOfficeGroup("/api/audit", "Audit")
            .MapGet("", ListAsync)
            .RequireAuthorization(PressOfficeRoles.Admin)
            .WithName("ListAuditEntries")
            .WithSummary("What the press office did, newest first, paged")
            .WithDescription("Every campaign created, scheduled or cancelled, every test send, every emergency with its reason, every access and erasure by the data protection officer, with the API key that did it. Subscribers appear only by the keyed hash of their number.");
        return endpoints;
    }

    private static async Task<Results<Ok<AuditPageResource>, ValidationProblem>> ListAsync(
        IAuditLog log,
        ServiceCalendar calendar,
        [Description("Page number, from 1.")] string? page,
        [Description("Entries per page, 1-200; 50 when omitted.")] string? pageSize,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var pageNumber = 1;
        if (page is not null && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out pageNumber) || pageNumber < 1))
        {
            errors["page"] = ["The page must be a whole number from 1."];
        }

        var size = DefaultPageSize;
        if (pageSize is not null && (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxPageSize))
        {
            errors["pageSize"] = [$"The page size must be a whole number from 1 to {MaxPageSize}."];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.ValidationFailed(errors);
        }

        var entries = await log.ListAsync(pageNumber, size, cancellationToken);
        return TypedResults.Ok(new AuditPageResource(
            entries.Items.Select(entry => entry with { At = calendar.ToLocal(entry.At) }).ToList(),
            entries.Page,
            entries.PageSize,
            entries.Total));
    }
}

/// <summary>One page of the audit log, newest first; times carry the service zone's offset.</summary>
public sealed record AuditPageResource(IReadOnlyList<AuditEntry> Items, int Page, int PageSize, long Total);
