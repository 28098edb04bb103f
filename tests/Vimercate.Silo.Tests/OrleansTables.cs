using Npgsql;

namespace Vimercate.Silo.Tests;

/// <summary>Reads the Orleans tables directly, to see what the providers wrote.</summary>
internal sealed class OrleansTables(string connectionString)
{
    private const string MembersSql = """
        SELECT address, port, generation, status FROM orleans_membership WHERE deployment_id = @clusterId ORDER BY start_time
        """;

    private const string RemindersSql = """
        SELECT grain_id, reminder_name, period, start_time FROM orleans_reminders WHERE service_id = @serviceId ORDER BY grain_id, reminder_name
        """;

    private const string StateNamesSql = """
        SELECT grain_type_string FROM orleans_storage
         WHERE service_id = @serviceId AND grain_id_extension_string = @key AND payload_binary IS NOT NULL
         ORDER BY grain_type_string
        """;

    private const string ServiceStateNamesSql = """
        SELECT DISTINCT grain_type_string FROM orleans_storage
         WHERE service_id = @serviceId AND payload_binary IS NOT NULL
         ORDER BY grain_type_string
        """;

    private const string QueryKeysSql = """
        SELECT querykey FROM orleansquery ORDER BY querykey
        """;

    /// <summary>The cluster's silo rows, oldest first.</summary>
    public async Task<IReadOnlyList<MemberRow>> MembersAsync(string clusterId)
    {
        var rows = new List<MemberRow>();
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(MembersSql, connection);
        command.Parameters.AddWithValue("clusterId", clusterId);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new MemberRow(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), (SiloStatus)reader.GetInt32(3)));
        }

        return rows;
    }

    /// <summary>The service's reminders.</summary>
    public async Task<IReadOnlyList<ReminderRow>> RemindersAsync(string serviceId)
    {
        var rows = new List<ReminderRow>();
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(RemindersSql, connection);
        command.Parameters.AddWithValue("serviceId", serviceId);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new ReminderRow(reader.GetString(0), reader.GetString(1), TimeSpan.FromMilliseconds(reader.GetInt64(2)), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return rows;
    }

    /// <summary>State names with a stored payload for a string-keyed grain.</summary>
    public async Task<IReadOnlyList<string>> StateNamesAsync(string serviceId, string grainKey)
    {
        var names = new List<string>();
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(StateNamesSql, connection);
        command.Parameters.AddWithValue("serviceId", serviceId);
        command.Parameters.AddWithValue("key", grainKey);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>State names with a stored payload for any grain of the service.</summary>
    public async Task<IReadOnlyList<string>> StateNamesAsync(string serviceId)
    {
        var names = new List<string>();
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(ServiceStateNamesSql, connection);
        command.Parameters.AddWithValue("serviceId", serviceId);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>Every key of <c>orleansquery</c>, sorted.</summary>
    public async Task<IReadOnlyList<string>> QueryKeysAsync()
    {
        var keys = new List<string>();
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(QueryKeysSql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }
}

/// <summary>One silo's row in the membership table.</summary>
internal sealed record MemberRow(string Address, int Port, int Generation, SiloStatus Status);

/// <summary>One row of the reminders table.</summary>
internal sealed record ReminderRow(string GrainId, string ReminderName, TimeSpan Period, DateTimeOffset FirstTick);
