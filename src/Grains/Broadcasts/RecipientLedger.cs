using Vimercate.Abstractions;

namespace Vimercate.Broadcasts;

/// <summary>
/// The recipients a shard's walk reached and one status byte each, kept in the shard's state as two parallel
/// lists sorted by number: compact to store, binary search to find, appended to without copying.
/// </summary>
/// <param name="state">The shard state whose arrays the ledger reads and replaces.</param>
public sealed class RecipientLedger(CampaignShardState state)
{
    /// <summary>How many recipients the walk reached.</summary>
    public int Count => state.Recipients.Count;

    /// <summary>Whether a status may replace another: sent &lt; delivered &lt; read; failed only from pending or sent, and final.</summary>
    public static bool Advances(RecipientStatus current, RecipientStatus next) => (current, next) switch
    {
        (RecipientStatus.Failed, _) => false,
        (_, RecipientStatus.Failed) => current is RecipientStatus.Pending or RecipientStatus.Sent,
        _ => next > current,
    };

    /// <summary>The status of a recipient, or null when the walk has not reached it.</summary>
    public RecipientStatus? StatusOf(ulong number)
    {
        var index = state.Recipients.BinarySearch(number);
        return index >= 0 ? (RecipientStatus)state.Statuses[index] : null;
    }

    /// <summary>Appends recipients beyond the last one, in ascending order, with their statuses.</summary>
    public void Append(IReadOnlyList<ulong> numbers, IReadOnlyList<RecipientStatus> statuses)
    {
        if (numbers.Count == 0)
        {
            return;
        }

        if (state.Recipients.Count > 0 && numbers[0] <= state.Recipients[^1])
        {
            throw new InvalidOperationException("Recipients are appended in ascending order only.");
        }

        state.Recipients.AddRange(numbers);
        state.Statuses.AddRange(statuses.Select(s => (byte)s));
    }

    /// <summary>Moves a recipient's status forward; false when the recipient is unknown or the status would not advance.</summary>
    public bool TryAdvance(ulong number, RecipientStatus next)
    {
        var index = state.Recipients.BinarySearch(number);
        if (index < 0 || !Advances((RecipientStatus)state.Statuses[index], next))
        {
            return false;
        }

        state.Statuses[index] = (byte)next;
        return true;
    }

    /// <summary>Replays a logged entry: a recipient beyond the last one is appended, a known one's status moves forward.</summary>
    public void Replay(ulong number, RecipientStatus status)
    {
        if (state.Recipients.Count == 0 || number > state.Recipients[^1])
        {
            state.Recipients.Add(number);
            state.Statuses.Add((byte)status);
        }
        else
        {
            TryAdvance(number, status);
        }
    }

    /// <summary>Forgets recipients (they left the audience before their message could go).</summary>
    public void Remove(IReadOnlySet<ulong> numbers)
    {
        if (numbers.Count == 0)
        {
            return;
        }

        var keep = Enumerable.Range(0, state.Recipients.Count).Where(i => !numbers.Contains(state.Recipients[i])).ToArray();
        state.Recipients = [.. keep.Select(i => state.Recipients[i])];
        state.Statuses = [.. keep.Select(i => state.Statuses[i])];
    }

    /// <summary>The reached recipients still pending, ascending.</summary>
    public IEnumerable<ulong> Pending() =>
        Enumerable.Range(0, state.Recipients.Count).Where(i => state.Statuses[i] == (byte)RecipientStatus.Pending).Select(i => state.Recipients[i]);

    /// <summary>Cumulative counts; <paramref name="notReached"/> members still ahead of the walk count as pending.</summary>
    public CampaignCounts Counts(int notReached)
    {
        int pending = 0, sent = 0, delivered = 0, read = 0, failed = 0;
        foreach (var status in state.Statuses)
        {
            switch ((RecipientStatus)status)
            {
                case RecipientStatus.Pending:
                    pending++;
                    break;
                case RecipientStatus.Failed:
                    failed++;
                    break;
                default:
                    sent++;
                    delivered += status >= (byte)RecipientStatus.Delivered ? 1 : 0;
                    read += status == (byte)RecipientStatus.Read ? 1 : 0;
                    break;
            }
        }

        return new CampaignCounts(state.Recipients.Count + notReached, pending + notReached, sent, delivered, read, failed);
    }
}
