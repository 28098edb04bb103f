namespace Vimercate.Hosting.Database;

/// <summary>How the hosts treat the PostgreSQL schema (section <c>Database</c>).</summary>
public sealed class DatabaseOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Database";

    /// <summary>Apply pending schema migrations at start-up, before the silo joins the cluster.</summary>
    public bool AutoMigrate { get; set; } = true;
}
