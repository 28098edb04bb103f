namespace Vimercate.Broadcasts;

/// <summary>
/// What a <see cref="CampaignShardGrain"/> recorded since its ledger was last written: recipients a batch reached
/// (the largest of them is where the walk stands) and statuses that moved. A batch or a status webhook writes this
/// short log rather than the shard's whole ledger, whose size grows with the audience. When the log would overflow, the ledger (which already
/// holds everything in it) is written first and the log emptied after, so a crash between the two leaves entries in
/// both places; replaying an entry the ledger holds changes nothing.
/// </summary>
[GenerateSerializer, Alias("vimercate.CampaignShardLog")]
public sealed class CampaignShardLog
{
    /// <summary>The recipients, in the order they were recorded: beyond the ledger's last one a recipient reached, else one whose status moved.</summary>
    [Id(0)]
    public List<ulong> Numbers { get; set; } = [];

    /// <summary>The <see cref="RecipientStatus"/> of each entry.</summary>
    [Id(1)]
    public List<byte> Statuses { get; set; } = [];

    /// <summary>The shard's version at the last write of the log (see <see cref="CampaignShardState.Version"/>).</summary>
    [Id(2)]
    public long Version { get; set; }
}
