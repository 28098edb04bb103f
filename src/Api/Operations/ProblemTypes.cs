namespace Vimercate.Api.Operations;

/// <summary>The stable <c>type</c> of every problem the API answers with: a URN ending in a slug.</summary>
public static class ProblemTypes
{
    /// <summary>What every problem type starts with.</summary>
    public const string Prefix = "urn:vimercate:problem:";

    /// <summary>The request was read but its content is not acceptable.</summary>
    public const string ValidationFailed = Prefix + "validation-failed";

    /// <summary>The webhook's signature is missing or wrong.</summary>
    public const string InvalidSignature = Prefix + "invalid-signature";

    /// <summary>The webhook verification handshake was refused.</summary>
    public const string VerificationFailed = Prefix + "verification-failed";

    /// <summary>The body is larger than the route takes.</summary>
    public const string PayloadTooLarge = Prefix + "payload-too-large";

    /// <summary>Cloud mode: a campaign category has no approved template, so Meta would refuse its messages.</summary>
    public const string TemplateNotConfigured = Prefix + "template-not-configured";

    /// <summary>The service could not finish the work now; the caller should retry.</summary>
    public const string Unavailable = Prefix + "unavailable";

    /// <summary>The problem type for a status code that has no more specific one.</summary>
    public static string ForStatus(int statusCode) => Prefix + statusCode switch
    {
        400 => "bad-request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not-found",
        405 => "method-not-allowed",
        406 => "not-acceptable",
        409 => "conflict",
        413 => "payload-too-large",
        415 => "unsupported-media-type",
        422 => "validation-failed",
        429 => "too-many-requests",
        503 => "unavailable",
        >= 500 => "internal-error",
        _ => "error",
    };
}
