using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;
using Vimercate.Api.Security;

namespace Vimercate.Api.OpenApi;

/// <summary>The OpenAPI description of the REST API and its interactive reference page.</summary>
public static class ApiDocumentation
{
    /// <summary>Where the interactive API reference is served.</summary>
    public const string ReferencePath = "/scalar";

    /// <summary>Generates <c>/openapi/v1.json</c> with the X-Api-Key scheme on every <c>/api</c> operation.</summary>
    public static IHostApplicationBuilder AddApiDocumentation(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer<ApiKeySecurityTransformer>());
        return builder;
    }

    /// <summary>Serves <c>/openapi/v1.json</c> and the reference page at <see cref="ReferencePath"/>; its scripts ship in the package, nothing loads from a CDN.</summary>
    public static IEndpointRouteBuilder MapApiDocumentation(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi();
        endpoints.MapScalarApiReference(ReferencePath, options => options
            .WithTitle("Città di Vimercate — press office API")
            .AddPreferredSecuritySchemes(ApiKeySecurityTransformer.SchemeId)
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp());
        return endpoints;
    }

    /// <summary>Declares the X-Api-Key scheme and requires it on the press office routes.</summary>
    private sealed class ApiKeySecurityTransformer : IOpenApiDocumentTransformer
    {
        public const string SchemeId = "ApiKey";

        public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
        {
            document.Info.Title = "Città di Vimercate — press office API";
            document.Info.Description = "Campaigns, weekly quota and subscriber statistics of the municipality's WhatsApp information service. Every /api route needs an X-Api-Key; errors are RFC 9457 problem details.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeId] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.HeaderName,
                Description = "A key from PressOffice:ApiKeys; its roles (editor, emergency, dpo, admin) decide what it may do.",
            };

            var requirement = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeId, document)] = [] };
            foreach (var (path, item) in document.Paths)
            {
                if (!path.StartsWith("/api/", StringComparison.Ordinal) || item.Operations is null)
                {
                    continue;
                }

                foreach (var operation in item.Operations.Values)
                {
                    operation.Security ??= [];
                    operation.Security.Add(requirement);
                }
            }

            return Task.CompletedTask;
        }
    }
}
