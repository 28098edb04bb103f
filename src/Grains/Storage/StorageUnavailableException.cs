namespace Vimercate.Storage;

/// <summary>A grain could not write its state: nothing of the change is kept, and the caller may try again later.</summary>
[GenerateSerializer, Alias("vimercate.StorageUnavailableException")]
public sealed class StorageUnavailableException : Exception
{
    /// <summary>Creates the exception for a failed write of <paramref name="stateName"/>.</summary>
    public StorageUnavailableException(string stateName, Exception innerException)
        : base($"Storage did not take the write of '{stateName}': {innerException.GetType().Name}", innerException)
    {
        StateName = stateName;
    }

    /// <summary>Creates the exception with a message of its own.</summary>
    public StorageUnavailableException(string message)
        : base(message)
    {
        StateName = string.Empty;
    }

    /// <summary>The persistent state whose write failed.</summary>
    [Id(0)]
    public string StateName { get; }
}
