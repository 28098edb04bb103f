using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Orleans.Streams;
using Orleans.TestingHost;
using Vimercate.Abstractions;
using Vimercate.Silo.Tests.Postgres;
using Vimercate.Tests;

namespace Vimercate.Silo.Tests;

/// <summary>After an erasure or the forgetting of a number, a dump of the whole database holds the number in no form.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PrivacyDumpTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const string Erased = "393337654321";
    private const string Forgotten = "393337654322";
    private const string Kept = "393337654323";

    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly FakeTimeProvider Clock = new(Start);

    [Fact]
    public async Task AfterAnErasureAndAForgettingADumpOfTheDatabaseHoldsNeitherNumberInAnyForm()
    {
        var serviceId = $"service-{Guid.NewGuid():N}";
        await using var cluster = await PostgresTestCluster.StartAsync(
            database.ConnectionString,
            $"cluster-{Guid.NewGuid():N}",
            serviceId,
            configure: builder => builder.AddSiloBuilderConfigurator<FakeClock>());
        var sequence = 0;
        InboundMessage Message(string number, string text, TimeSpan after) =>
            new(NumberForms.MetaShapedWamid(number, ++sequence), number, Start + after, "text", [text]);

        foreach (var number in new[] { Erased, Forgotten, Kept })
        {
            var subscriber = cluster.Client.GetGrain<ISubscriberGrain>(number);
            await subscriber.HandleAsync(Message(number, "Vimercate Info", TimeSpan.FromMinutes(1)));
            await subscriber.HandleAsync(Message(number, "A che ora apre l'anagrafe?", TimeSpan.FromMinutes(2)));
        }

        await cluster.Client.GetGrain<ISubscriberGrain>(Forgotten).HandleAsync(Message(Forgotten, "Vimercate stop", TimeSpan.FromMinutes(3)));
        var before = await DumpAsync();
        Assert.Contains(NumberForms.InDump(Erased), form => before.Contains(form.Text, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(NumberForms.InDump(Forgotten), form => before.Contains(form.Text, StringComparison.OrdinalIgnoreCase));

        // The forgetting is durable from the opt-out on: its reminder is a row of the reminders table, due eight days later.
        var tables = new OrleansTables(database.ConnectionString);
        var forgetting = Assert.Single(await ForgetRemindersAsync(tables, serviceId));
        Assert.EndsWith(Forgotten, forgetting.GrainId, StringComparison.Ordinal);
        Assert.Equal(Start + TimeSpan.FromDays(8), forgetting.FirstTick);

        Assert.Equal(ErasureOutcome.Erased, await cluster.Client.GetGrain<ISubscriberGrain>(Erased).EraseAsync("data-protection"));

        // Orleans' reminder service runs on the product's clock, here the fake one. As in production it loads a reminder from
        // the table only within ten minutes of its next tick and then waits for that tick; a clock that leaps over the tick
        // makes it compute the next one, a day later, so the forgetting would wait a day. Time therefore goes to shortly
        // before the tick and then on in small steps, as a real clock does, until the reminder itself has fired.
        Clock.Advance(forgetting.FirstTick - TimeSpan.FromMinutes(9) - Clock.GetUtcNow());
        var forgotten = false;
        for (var step = 0; step < 300 && !forgotten; step++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            Clock.Advance(TimeSpan.FromSeconds(10));
            forgotten = (await cluster.Client.GetGrain<ISubscriberGrain>(Forgotten).ExportAsync()).Current is null;
        }

        Assert.True(forgotten, "the number that said stop is forgotten by its reminder after eight days");
        Assert.Empty(await ForgetRemindersAsync(tables, serviceId));

        var dump = await DumpAsync();
        foreach (var number in new[] { Erased, Forgotten })
        {
            foreach (var (form, text) in NumberForms.InDump(number))
            {
                Assert.False(dump.Contains(text, StringComparison.OrdinalIgnoreCase), $"the dump holds {number} as {form} ({text})");
            }
        }

        Assert.Contains(NumberForms.InDump(Kept), form => dump.Contains(form.Text, StringComparison.OrdinalIgnoreCase));
        var erased = await cluster.Client.GetGrain<ISubscriberGrain>(Erased).ExportAsync();
        Assert.Null(erased.Current);
        Assert.Equal([ConsentAction.OptIn, ConsentAction.Erased], erased.Archived!.History.Select(record => record.Action));
    }

    private static async Task<IReadOnlyList<ReminderRow>> ForgetRemindersAsync(OrleansTables tables, string serviceId) =>
        (await tables.RemindersAsync(serviceId)).Where(row => row.ReminderName == "forget-number").ToList();

    private async Task<string> DumpAsync()
    {
        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var binaries = Directory.EnumerateDirectories("/usr/lib/postgresql")
            .Select(directory => Path.Combine(directory, "bin", "pg_dump"))
            .Where(File.Exists)
            .OrderDescending()
            .FirstOrDefault() ?? "pg_dump";
        var start = new ProcessStartInfo(binaries)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-h", connection.Host!, "-p", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", connection.Username!, "-d", connection.Database!, "--no-owner" })
        {
            start.ArgumentList.Add(argument);
        }

        if (!string.IsNullOrEmpty(connection.Password))
        {
            start.Environment["PGPASSWORD"] = connection.Password;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"pg_dump failed: {await error}");
        return await output;
    }

    /// <summary>The product's clock is fake, so eight days pass at once; Orleans' own timers keep the real one.</summary>
    private sealed class FakeClock : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Services.AddSingleton<TimeProvider>(Clock);
            foreach (var area in new[]
            {
                TimeProviderNames.Messaging, TimeProviderNames.SystemTimers, TimeProviderNames.Membership,
                TimeProviderNames.ActivationManagement, TimeProviderNames.GrainDirectory, StreamingTimeProviderNames.Streaming,
            })
            {
                siloBuilder.Services.AddKeyedSingleton(area, TimeProvider.System);
            }
        }
    }
}
