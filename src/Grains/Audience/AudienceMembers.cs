namespace Vimercate.Audience;

/// <summary>A set of number keys kept as one sorted list: compact to store, binary search to find.</summary>
/// <param name="sorted">The list it works on, sorted ascending without duplicates; changed in place.</param>
public sealed class AudienceMembers(List<ulong> sorted)
{
    /// <summary>How many numbers the set holds.</summary>
    public int Count => sorted.Count;

    /// <summary>The numbers in ascending order.</summary>
    public IReadOnlyList<ulong> Numbers => sorted;

    /// <summary>The position of a number in <see cref="Numbers"/>, or a negative value when absent.</summary>
    public int IndexOf(ulong number) => sorted.BinarySearch(number);

    /// <summary>Whether the set holds the number.</summary>
    public bool Contains(ulong number) => IndexOf(number) >= 0;

    /// <summary>Adds a number; false when it was already there.</summary>
    public bool Add(ulong number)
    {
        var index = IndexOf(number);
        if (index >= 0)
        {
            return false;
        }

        sorted.Insert(~index, number);
        return true;
    }

    /// <summary>Removes a number; false when it was not there.</summary>
    public bool Remove(ulong number)
    {
        var index = IndexOf(number);
        if (index < 0)
        {
            return false;
        }

        sorted.RemoveAt(index);
        return true;
    }
}
