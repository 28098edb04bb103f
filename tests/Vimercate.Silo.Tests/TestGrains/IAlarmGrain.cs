namespace Vimercate.Silo.Tests.TestGrains;

/// <summary>A grain with a reminder, to see reminders go through PostgreSQL.</summary>
public interface IAlarmGrain : IGrainWithStringKey
{
    /// <summary>Registers (or moves) the reminder with that name.</summary>
    Task SetAsync(string name, TimeSpan dueTime, TimeSpan period);

    /// <summary>How often a reminder of this grain has fired.</summary>
    Task<int> GetRingsAsync();
}
