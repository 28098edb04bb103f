namespace Vimercate.Hosting;

/// <summary>How the audience is split (section <c>Audience</c>); fixed for the life of a deployment.</summary>
public sealed class AudienceOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Audience";

    /// <summary>Number of audience shards; changing it on a deployment with subscribers loses them from broadcasts.</summary>
    public int ShardCount { get; set; } = 64;
}
