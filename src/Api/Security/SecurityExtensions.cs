using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Vimercate.Api.Security;

/// <summary>Registers the press office's API key authentication and one authorization policy per role.</summary>
public static class SecurityExtensions
{
    /// <summary>X-Api-Key authentication from <c>PressOffice:ApiKeys</c>; policies editor, emergency, dpo, admin (admin satisfies all).</summary>
    public static IHostApplicationBuilder AddPressOfficeSecurity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PressOfficeOptions>().BindConfiguration(PressOfficeOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PressOfficeOptions>, PressOfficeOptionsValidator>());

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

        var authorization = services.AddAuthorizationBuilder();
        foreach (var role in PressOfficeRoles.All)
        {
            authorization.AddPolicy(role, policy => policy.RequireAuthenticatedUser().RequireRole(role, PressOfficeRoles.Admin));
        }

        authorization.AddPolicy(
            PressOfficeRoles.CampaignAuthor,
            policy => policy.RequireAuthenticatedUser().RequireRole(PressOfficeRoles.Editor, PressOfficeRoles.Emergency, PressOfficeRoles.Admin));
        return builder;
    }

    /// <summary>Whether the caller holds <paramref name="role"/>, directly or as admin.</summary>
    public static bool HasRole(this ClaimsPrincipal user, string role) =>
        user.IsInRole(role) || user.IsInRole(PressOfficeRoles.Admin);

    /// <summary>The name of the API key that made the request.</summary>
    public static string ApiKeyName(this ClaimsPrincipal user) =>
        user.Identity?.Name ?? throw new InvalidOperationException("The request is not authenticated by an API key.");
}
