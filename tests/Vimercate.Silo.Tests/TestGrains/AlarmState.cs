namespace Vimercate.Silo.Tests.TestGrains;

/// <summary>State of <see cref="AlarmGrain"/>.</summary>
[GenerateSerializer, Alias("vimercate.tests.AlarmState")]
public sealed class AlarmState
{
    /// <summary>How often a reminder fired.</summary>
    [Id(0)]
    public int Rings { get; set; }
}
