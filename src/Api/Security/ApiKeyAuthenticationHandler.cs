using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Vimercate.Api.Problems;

namespace Vimercate.Api.Security;

/// <summary>Authenticates the press office by the <c>X-Api-Key</c> header against <c>PressOffice:ApiKeys</c>.</summary>
internal sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptionsMonitor<PressOfficeOptions> pressOffice)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    /// <summary>The authentication scheme's name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>The header that carries the key.</summary>
    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || values.Count == 0 || string.IsNullOrEmpty(values[0]))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var match = values.Count == 1 ? FindKey(values[0]!) : null;
        if (match is null)
        {
            LogRejectedKey(Logger, Request.Path);
            return Task.FromResult(AuthenticateResult.Fail("The X-Api-Key matches no configured key."));
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, match.Name) };
        claims.AddRange(match.Roles.Select(role => new Claim(ClaimTypes.Role, role)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{HeaderName}\"";
        return ApiProblems.Unauthorized().ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.Forbidden("This API key does not hold the role this request needs.").ExecuteAsync(Context);

    /// <summary>Compares the presented key with every configured key in constant time, without stopping at a match.</summary>
    private ApiKeyOptions? FindKey(string presented)
    {
        Span<byte> presentedHash = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> candidateHash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), presentedHash);
        ApiKeyOptions? match = null;
        foreach (var candidate in pressOffice.CurrentValue.ApiKeys)
        {
            var usable = ApiKeyDigest.TryWrite(candidate, candidateHash);
            if (CryptographicOperations.FixedTimeEquals(presentedHash, candidateHash) && usable)
            {
                match = candidate;
            }
        }

        return match;
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Refused a request to {Path}: its X-Api-Key matches no configured key.")]
    private static partial void LogRejectedKey(ILogger logger, PathString path);
}
