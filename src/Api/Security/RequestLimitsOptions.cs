using Microsoft.Extensions.Options;

namespace Vimercate.Api.Security;

/// <summary>How much one caller may ask of the press office API (section <c>PressOffice:Limits</c>).</summary>
public sealed class RequestLimitsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "PressOffice:Limits";

    /// <summary>Requests one API key may make on <c>/api</c> per window; requests without a valid key count per client address.</summary>
    public int RequestsPerWindow { get; set; } = 120;

    /// <summary>The length of the window, in seconds.</summary>
    public int WindowSeconds { get; set; } = 60;

    /// <summary>The largest request body <c>/api</c> accepts, in bytes.</summary>
    public long MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>The window.</summary>
    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);
}

/// <summary>Refuses limits that would lock the press office out or let anyone flood it.</summary>
internal sealed class RequestLimitsOptionsValidator : IValidateOptions<RequestLimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, RequestLimitsOptions options)
    {
        var failures = new List<string>();
        if (options.RequestsPerWindow < 1)
        {
            failures.Add("PressOffice:Limits:RequestsPerWindow must be at least 1.");
        }

        if (options.WindowSeconds is < 1 or > 3600)
        {
            failures.Add("PressOffice:Limits:WindowSeconds must be between 1 and 3600.");
        }

        if (options.MaxBodyBytes is < 1024 or > RequestHardening.MaxBodyBytes)
        {
            failures.Add($"PressOffice:Limits:MaxBodyBytes must be between 1024 and {RequestHardening.MaxBodyBytes}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
