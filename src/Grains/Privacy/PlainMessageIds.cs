using Vimercate.Abstractions;

namespace Vimercate.Privacy;

/// <summary>Reads states written before message ids were hashed: a wamid still kept in plain is replaced by its keyed hash.</summary>
public static class PlainMessageIds
{
    /// <summary>The hash of a stored id kept in plain; null when it already is a hash or empty (an erasure has no message).</summary>
    public static string? Hash(string stored, NumberHasher hasher)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        return stored.Length == 0 || NumberHasher.IsMessageIdHash(stored) ? null : hasher.HashMessageId(stored);
    }

    /// <summary>Hashes every id kept in plain in <paramref name="ids"/>; true when any was.</summary>
    public static bool Hash(List<string> ids, NumberHasher hasher)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var changed = false;
        for (var i = 0; i < ids.Count; i++)
        {
            if (Hash(ids[i], hasher) is { } hashed)
            {
                ids[i] = hashed;
                changed = true;
            }
        }

        return changed;
    }

    /// <summary>Hashes the message id of every consent record that keeps it in plain; true when any did.</summary>
    public static bool Hash(List<ConsentEvent> records, NumberHasher hasher)
    {
        ArgumentNullException.ThrowIfNull(records);
        var changed = false;
        for (var i = 0; i < records.Count; i++)
        {
            if (Hash(records[i].WamidHash, hasher) is { } hashed)
            {
                records[i] = records[i] with { WamidHash = hashed };
                changed = true;
            }
        }

        return changed;
    }
}
