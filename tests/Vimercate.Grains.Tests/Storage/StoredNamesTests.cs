using System.Reflection;
using Orleans.Runtime;
using Vimercate.Abstractions;
using Vimercate.Grains.Tests.Infrastructure;

namespace Vimercate.Grains.Tests.Storage;

/// <summary>
/// The names PostgreSQL keys rows by: grain types (reminder rows and stream subscriptions hold <c>type/key</c>), state
/// names (grain state rows), and the aliases of grain interfaces and serialised types. Renaming one orphans the rows
/// written under the old name after an upgrade; change a name here only together with a migration of those rows.
/// </summary>
[Collection(CitizenCollection.Name)]
public sealed class StoredNamesTests(CitizenCluster cluster)
{
    private const string Why =
        "This name is stored in PostgreSQL (reminder rows hold 'type/key', state rows the state name, serialised state the type aliases). " +
        "Renaming it orphans every row written under the old name after an upgrade: keep the old name, or change it together with a migration of those rows and this list.";

    private static readonly Assembly Grains = typeof(ISubscriberGrain).Assembly;

    private static readonly SortedDictionary<string, string> GrainTypes = new(StringComparer.Ordinal)
    {
        ["AudienceShardGrain"] = "audienceshard",
        ["BroadcastGrain"] = "broadcast",
        ["CampaignIndexGrain"] = "campaignindex",
        ["CampaignPreviewGrain"] = "campaignpreview",
        ["CampaignShardGrain"] = "campaignshard",
        ["ConsentArchiveGrain"] = "consentarchive",
        ["DailyRecipientSegmentGrain"] = "dailyrecipientsegment",
        ["DailyRecipientsGrain"] = "dailyrecipients",
        ["IdempotencyGrain"] = "idempotency",
        ["QuotaGrain"] = "quota",
        ["SubscriberGrain"] = "subscriber",
        ["SubscriberStatsGrain"] = "subscriberstats",
        ["ThroughputGrain"] = "throughput",
    };

    private static readonly SortedDictionary<string, string> StateNames = new(StringComparer.Ordinal)
    {
        ["AudienceShardGrain"] = "audience",
        ["BroadcastGrain"] = "broadcast",
        ["CampaignIndexGrain"] = "campaign-index",
        ["CampaignPreviewGrain"] = "",
        ["CampaignShardGrain"] = "campaign-shard, campaign-shard-log",
        ["ConsentArchiveGrain"] = "consentarchive",
        ["DailyRecipientSegmentGrain"] = "daily-recipient-segment",
        ["DailyRecipientsGrain"] = "daily-recipients",
        ["IdempotencyGrain"] = "idempotency",
        ["QuotaGrain"] = "quota",
        ["SubscriberGrain"] = "subscriber",
        ["SubscriberStatsGrain"] = "subscriber-stats",
        ["ThroughputGrain"] = "throughput",
    };

    private static readonly SortedDictionary<string, string> InterfaceAliases = new(StringComparer.Ordinal)
    {
        ["IAudienceShardGrain"] = "vimercate.IAudienceShardGrain",
        ["IBroadcastGrain"] = "vimercate.IBroadcastGrain",
        ["IBroadcastProgress"] = "vimercate.IBroadcastProgress",
        ["ICampaignIndexGrain"] = "vimercate.ICampaignIndexGrain",
        ["ICampaignPreviewGrain"] = "vimercate.ICampaignPreviewGrain",
        ["ICampaignShardGrain"] = "vimercate.ICampaignShardGrain",
        ["IConsentArchiveGrain"] = "vimercate.IConsentArchiveGrain",
        ["IDailyRecipientSegmentGrain"] = "vimercate.IDailyRecipientSegmentGrain",
        ["IDailyRecipientsGrain"] = "vimercate.IDailyRecipientsGrain",
        ["IIdempotencyGrain"] = "vimercate.IIdempotencyGrain",
        ["IQuotaGrain"] = "vimercate.IQuotaGrain",
        ["ISubscriberGrain"] = "vimercate.ISubscriberGrain",
        ["ISubscriberStatsGrain"] = "vimercate.ISubscriberStatsGrain",
        ["IThroughputGrain"] = "vimercate.IThroughputGrain",
    };

    private static readonly string[] SerializedTypes =
    [
        "ArchivedConsent", "AudienceState", "BroadcastState", "CampaignCounts", "CampaignDraft", "CampaignIndexEntry",
        "CampaignIndexState", "CampaignMedia", "CampaignMessage", "CampaignPage", "CampaignShardLog",
        "CampaignShardState", "CampaignShardView", "CampaignView", "ConsentArchiveEntry", "ConsentArchiveState",
        "ConsentDayStats", "ConsentEvent", "DailyAdmission", "DailyBucket", "DailyEntries",
        "DailyRecipientSegmentState", "DailyRecipientsState", "DailySegmentRef", "DeliveryStatusUpdate",
        "IdempotencyRecord", "IdempotencyState", "InboundMessage", "LeaseRequest", "OutboundMessage", "PendingReply",
        "PreviewDelivery", "QuotaDecision", "QuotaRequest", "QuotaReservation", "QuotaState", "QuotaView", "QuotaWeek",
        "RecipientStatusUpdate", "SendResult", "SendTally", "ShardAssignment", "ShardProgress", "ShardReport",
        "StorageUnavailableException", "SubscriberExport", "SubscriberState", "SubscriberStatsState", "SubscriberView",
        "TemplateRef", "ThroughputState", "ThroughputView", "TokenLease",
    ];

    private static IEnumerable<Type> GrainClasses => Grains.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(Grain).IsAssignableFrom(t));

    private static IEnumerable<Type> GrainInterfaces => Grains.GetTypes().Where(t => t.IsInterface && typeof(IGrain).IsAssignableFrom(t) && t != typeof(IGrain));

    [Fact]
    public void EveryGrainClassKeepsItsStoredGrainType()
    {
        var actual = new SortedDictionary<string, string>(
            GrainClasses.ToDictionary(t => t.Name, DeclaredGrainType),
            StringComparer.Ordinal);

        Assert.True(GrainTypes.SequenceEqual(actual), $"{Why}\nExpected: {Show(GrainTypes)}\nActual:   {Show(actual)}");
    }

    [Fact]
    public void EveryGrainClassKeepsItsStateNames()
    {
        var actual = new SortedDictionary<string, string>(
            GrainClasses.ToDictionary(
                t => t.Name,
                t => string.Join(", ", t.GetConstructors().SelectMany(c => c.GetParameters())
                    .Select(p => p.GetCustomAttribute<PersistentStateAttribute>()?.StateName)
                    .OfType<string>()
                    .Order(StringComparer.Ordinal))),
            StringComparer.Ordinal);

        Assert.True(StateNames.SequenceEqual(actual), $"{Why}\nExpected: {Show(StateNames)}\nActual:   {Show(actual)}");
    }

    [Fact]
    public void EveryGrainInterfaceKeepsItsAlias()
    {
        var actual = new SortedDictionary<string, string>(
            GrainInterfaces.ToDictionary(t => t.Name, t => t.GetCustomAttribute<AliasAttribute>()?.Alias ?? "(none)"),
            StringComparer.Ordinal);

        Assert.True(InterfaceAliases.SequenceEqual(actual), $"{Why}\nExpected: {Show(InterfaceAliases)}\nActual:   {Show(actual)}");
    }

    [Fact]
    public void EverySerializedTypeKeepsItsAlias()
    {
        var serialized = Grains.GetTypes().Where(t => t.GetCustomAttribute<GenerateSerializerAttribute>() is not null).ToList();

        var missing = serialized.Where(t => t.GetCustomAttribute<AliasAttribute>() is null).Select(t => t.Name).ToList();
        var changed = serialized.Where(t => t.GetCustomAttribute<AliasAttribute>() is { } alias && alias.Alias != $"vimercate.{t.Name}").Select(t => t.Name).ToList();
        Assert.True(missing.Count == 0, $"Serialised types without an [Alias] (their stored type name would follow every rename): {string.Join(", ", missing)}");
        Assert.True(changed.Count == 0, $"{Why}\nAliases that are not vimercate.<the listed name>: {string.Join(", ", changed)}");
        Assert.Equal(SerializedTypes, serialized.Select(t => t.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheRuntimeAddressesEveryGrainByItsStoredType()
    {
        var actual = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var grainInterface in GrainInterfaces)
        {
            var grain = typeof(IGrainWithIntegerKey).IsAssignableFrom(grainInterface)
                ? cluster.Client.GetGrain(grainInterface, 0L)
                : cluster.Client.GetGrain(grainInterface, "stored-names");
            var implementation = GrainClasses.Single(grainInterface.IsAssignableFrom);
            actual[implementation.Name] = grain.GetGrainId().Type.ToString()!;
        }

        Assert.True(GrainTypes.SequenceEqual(actual), $"{Why}\nExpected: {Show(GrainTypes)}\nActual:   {Show(actual)}");
    }

    private static string DeclaredGrainType(Type grainClass) =>
        grainClass.GetCustomAttributesData().SingleOrDefault(a => a.AttributeType == typeof(GrainTypeAttribute))?.ConstructorArguments[0].Value as string ?? "(none)";

    private static string Show(IEnumerable<KeyValuePair<string, string>> names) => string.Join("; ", names.Select(pair => $"{pair.Key}={pair.Value}"));
}
