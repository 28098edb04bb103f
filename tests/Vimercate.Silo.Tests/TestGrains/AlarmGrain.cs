namespace Vimercate.Silo.Tests.TestGrains;

/// <summary>Counts the ticks of its reminders in persisted state.</summary>
public sealed class AlarmGrain([PersistentState("alarm")] IPersistentState<AlarmState> alarm) : Grain, IAlarmGrain, IRemindable
{
    public Task SetAsync(string name, TimeSpan dueTime, TimeSpan period) =>
        this.RegisterOrUpdateReminder(name, dueTime, period);

    public Task<int> GetRingsAsync() => Task.FromResult(alarm.State.Rings);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        alarm.State.Rings++;
        await alarm.WriteStateAsync();
    }
}
