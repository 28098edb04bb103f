namespace Vimercate.Api.Security;

/// <summary>The conventions every press office route group shares.</summary>
public static class PressOfficeRouteGroups
{
    /// <summary>A group under <paramref name="prefix"/> that needs a valid API key and documents 401 and 403; each route names its role.</summary>
    public static RouteGroupBuilder MapPressOfficeGroup(this IEndpointRouteBuilder endpoints, string prefix, string tag)
    {
        var group = endpoints.MapGroup(prefix);
        group.RequireAuthorization()
            .WithTags(tag)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return group;
    }
}
