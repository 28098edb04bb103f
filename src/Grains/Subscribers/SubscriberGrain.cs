using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Audience;
using Vimercate.Hosting;
using Vimercate.Messaging;
using Vimercate.Privacy;
using Vimercate.Statistics;
using Vimercate.Storage;
using Vimercate.Telemetry;

namespace Vimercate.Subscribers;

/// <summary>One citizen's number (key: E.164 digits): its consent, the proof of it, and the replies it is owed.</summary>
/// <remarks>
/// <para>
/// Crash safety. The webhook answers 200 only once <see cref="HandleAsync"/> has returned, and Meta delivers again
/// whatever got no 200, so every step is idempotent and the steps are ordered so that a crash between any two of them
/// errs on the citizen's side and is finished by the retry:
/// </para>
/// <list type="bullet">
/// <item>Opt-out: remove from the audience shard first, then persist (consent record and pending reply), then send.
/// A crash after the removal leaves a number that still reads as subscribed but that no broadcast reaches; the retry
/// removes again (no-op) and persists. The other order could persist the opt-out while the shard still lists the
/// number, and a broadcast would reach someone who said stop.</item>
/// <item>Opt-in: persist first (consent record and pending reply), then add to the shard, then send. A crash after
/// persisting leaves a recorded consent that broadcasts do not reach yet; Meta's retry of the same wamid is a
/// duplicate, and a duplicate re-asserts the membership the state implies, which completes the opt-in without a
/// second welcome. The other order could index a number whose consent was never recorded.</item>
/// <item>Replies leave after <see cref="HandleAsync"/> returned, from the durable outbox, one at a time and in order,
/// through a non-interleaving grain timer, so the webhook never waits for WhatsApp. A reply is removed from the outbox
/// only after WhatsApp answered; a crash in between sends it twice rather than never. While replies are pending a
/// reminder brings the grain back, so they survive a silo restart.</item>
/// <item>Retention (<see cref="NumberRetention"/>): after an opt-out or a number change is persisted, the consent history
/// is archived under the number's keyed hash; a redelivery archives again (idempotent). A number that is not subscribed
/// is forgotten in plain eight days after its last message.</item>
/// <item>Erasure: remove from the audience shard first (as for an opt-out), then drop the pending replies, archive the
/// history with the erasure, clear the state, then unregister the number's reminders. A crash before the state is cleared
/// leaves a number that no broadcast reaches, a crash after it leaves reminders keyed by the number; repeating the erasure
/// finishes either (it retires the reminders also when no state is held).</item>
/// </list>
/// </remarks>
[GrainType("subscriber")]
public sealed partial class SubscriberGrain(
    [PersistentState("subscriber")] IPersistentState<SubscriberState> state,
    KeywordMatcher matcher,
    CitizenReplies replies,
    IWhatsAppSender sender,
    IOptions<ServiceOptions> service,
    IOptions<AudienceOptions> audience,
    NumberHasher hasher,
    VimercateMetrics metrics,
    TimeProvider time,
    ILogger<SubscriberGrain> logger) : Grain, ISubscriberGrain, IRemindable
{
    private ReplyOutbox? _outbox;
    private NumberRetention? _retention;

    private string Number => this.GetPrimaryKeyString();

    private ReplyOutbox Outbox => _outbox ??= new ReplyOutbox(this, state, replies, sender, time, logger);

    private NumberRetention Retention => _retention ??= new NumberRetention(
        this, Number, GrainFactory, state, Outbox, SetAudienceMembershipAsync, hasher, service.Value.TermsVersion, metrics, time, logger);

    private SubscriberState State => state.State;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!PhoneNumbers.IsValid(Number))
        {
            throw new ArgumentException("A subscriber's key must be a number in E.164 digits.");
        }

        State.HashMessageIds(hasher);
        if (State.Outbox.Count > 0)
        {
            Outbox.FlushSoon();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<InboundOutcome> HandleAsync(InboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var wamidHash = hasher.HashMessageId(message.Wamid);
        if (State.HasHandled(wamidHash))
        {
            await SetAudienceMembershipAsync(State.IsSubscribed);
            await CountConsentChangeAsync(wamidHash);
            await Retention.SettleAsync(closed: true);
            await Outbox.EnsureDeliveryAsync();
            LogDuplicate(logger, NumberHasher.LogName(wamidHash), PhoneNumbers.Mask(Number));
            metrics.InboundHandled(message.Type, InboundOutcome.Duplicate);
            return InboundOutcome.Duplicate;
        }

        await Retention.LoadConsentFloorAsync();
        var now = time.GetUtcNow();
        var decision = InboundRules.Decide(State, message, matcher, now);

        if (decision.Member == false)
        {
            await SetAudienceMembershipAsync(false);
        }

        Apply(message, wamidHash, decision, now);
        await state.WriteOrDropAsync(this);

        if (decision.Member == true)
        {
            await SetAudienceMembershipAsync(true);
        }

        if (decision.Consent is not null)
        {
            await CountConsentChangeAsync(wamidHash);
        }

        await Retention.SettleAsync(closed: decision.Consent is ConsentAction.OptOut or ConsentAction.NumberChanged);
        if (decision.Reply is not null)
        {
            await Outbox.EnsureDeliveryAsync();
        }

        LogHandled(logger, NumberHasher.LogName(wamidHash), PhoneNumbers.Mask(Number), message.Type, decision.Outcome);
        metrics.InboundHandled(message.Type, decision.Outcome);
        if (decision.Consent is { } consent)
        {
            metrics.ConsentChanged(consent);
        }

        return decision.Outcome;
    }

    /// <inheritdoc />
    public Task<SubscriberView> GetAsync() => Task.FromResult(View());

    /// <inheritdoc />
    public async Task<SubscriberExport> ExportAsync() =>
        new(state.RecordExists ? View() : null, await Retention.Archive.GetAsync());

    /// <inheritdoc />
    public Task<ErasureOutcome> EraseAsync(string requestedBy) => Retention.EraseAsync(requestedBy);

    /// <inheritdoc />
    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == NumberRetention.ReminderName ? Retention.OnReminderAsync() : Outbox.OnReminderAsync(reminderName);

    private SubscriberView View() => new(
        Number,
        State.IsSubscribed,
        State.ConsentHistory.ToArray(),
        State.LastInboundAt,
        State.LastAutoReplyAt,
        State.Outbox.Count);

    private void Apply(InboundMessage message, string wamidHash, InboundDecision decision, DateTimeOffset now)
    {
        State.RememberHandled(wamidHash);
        State.NoteInbound(message.Timestamp);
        State.LastHandledAt = now;
        if (decision.DecidesConsent)
        {
            State.ConsentDecidedAt = message.Timestamp;
        }

        if (decision.Consent is { } action)
        {
            State.IsSubscribed = action == ConsentAction.OptIn;
            State.ConsentHistory.Add(new ConsentEvent(action, message.Timestamp, now, wamidHash, decision.MatchedText, service.Value.TermsVersion));
        }

        if (decision.Reply is { } reply)
        {
            if (reply == ReplyKind.AutoReply)
            {
                State.LastAutoReplyAt = now;
            }

            Outbox.Enqueue(reply, wamidHash, now);
        }
    }

    private Task SetAudienceMembershipAsync(bool member)
    {
        var key = PhoneNumbers.ToKey(Number);
        var shard = GrainFactory.GetAudienceShard(key, audience.Value.ShardCount);
        return member ? shard.AddAsync(key) : shard.RemoveAsync(key);
    }

    /// <summary>
    /// Counts the consent change this message made in the day's statistics. The message waits for the count, so a webhook
    /// answered 200 is counted; the count is idempotent per message, so Meta's retry repairs a failure before it.
    /// </summary>
    private Task CountConsentChangeAsync(string wamidHash)
    {
        var consent = State.ConsentHistory.LastOrDefault(e => e.WamidHash == wamidHash);
        if (consent is null)
        {
            return Task.CompletedTask;
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(service.Value.TimeZone);
        var stats = GrainFactory.CounterFor(SubscriberStatsDay.KeyFor(consent.RecordedAt, zone), consent.WamidHash);
        return stats.RecordAsync(consent.Action, consent.WamidHash);
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Inbound {Wamid} ({Type}) from {Number}: {Outcome}")]
    private static partial void LogHandled(ILogger logger, string wamid, string number, string type, InboundOutcome outcome);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Inbound {Wamid} from {Number} was handled before; audience membership re-asserted")]
    private static partial void LogDuplicate(ILogger logger, string wamid, string number);
}
