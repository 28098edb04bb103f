namespace Vimercate.Broadcasts;

/// <summary>
/// The statuses a <see cref="CampaignShardGrain"/> applied since its ledger was last written: a status webhook writes
/// this short list rather than the shard's whole ledger, whose size grows with the audience. When the list is full the
/// ledger (which already holds every status in it) is written first and the list emptied after, so a crash between
/// the two leaves statuses in both places, and applying a status again changes nothing.
/// </summary>
[GenerateSerializer, Alias("vimercate.CampaignShardStatusLog")]
public sealed class CampaignShardStatusLog
{
    /// <summary>The recipients whose status moved, in the order it moved.</summary>
    [Id(0)]
    public List<ulong> Numbers { get; set; } = [];

    /// <summary>The <see cref="RecipientStatus"/> each moved to.</summary>
    [Id(1)]
    public List<byte> Statuses { get; set; } = [];

    /// <summary>The shard's version at the last write of this list (see <see cref="CampaignShardState.Version"/>).</summary>
    [Id(2)]
    public long Version { get; set; }
}
