namespace Vimercate.Hosting.Database;

/// <summary>The schema could not be brought up to date; the message says which script and why.</summary>
public sealed class SchemaMigrationException(string message, Exception? innerException = null)
    : Exception(message, innerException);
