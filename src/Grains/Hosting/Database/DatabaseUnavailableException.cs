namespace Vimercate.Hosting.Database;

/// <summary>PostgreSQL could not be reached or refused the connection; the message is one line naming the server.</summary>
public sealed class DatabaseUnavailableException(string message, Exception innerException)
    : Exception(message, innerException);
