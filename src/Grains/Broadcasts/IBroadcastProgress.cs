namespace Vimercate.Broadcasts;

/// <summary>The campaign's side of the fan-out (key: campaign id, the same grain as <see cref="Abstractions.IBroadcastGrain"/>).</summary>
[Alias("vimercate.IBroadcastProgress")]
public interface IBroadcastProgress : IGrainWithStringKey
{
    /// <summary>Takes a shard's cumulative counts and says whether the shard may go on sending.</summary>
    Task<ShardDirective> ReportAsync(ShardReport report);
}
