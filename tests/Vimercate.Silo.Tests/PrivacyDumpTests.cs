using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Orleans.Runtime;
using Orleans.Streams;
using Orleans.TestingHost;
using Vimercate.Abstractions;
using Vimercate.Silo.Tests.Postgres;

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
        await using var cluster = await PostgresTestCluster.StartAsync(
            database.ConnectionString,
            $"cluster-{Guid.NewGuid():N}",
            $"service-{Guid.NewGuid():N}",
            configure: builder => builder.AddSiloBuilderConfigurator<FakeClock>());
        var sequence = 0;
        InboundMessage Message(string number, string text, TimeSpan after) =>
            new(MetaShapedWamid(number, ++sequence), number, Start + after, "text", [text]);

        foreach (var number in new[] { Erased, Forgotten, Kept })
        {
            var subscriber = cluster.Client.GetGrain<ISubscriberGrain>(number);
            await subscriber.HandleAsync(Message(number, "Vimercate Info", TimeSpan.FromMinutes(1)));
            await subscriber.HandleAsync(Message(number, "A che ora apre l'anagrafe?", TimeSpan.FromMinutes(2)));
        }

        await cluster.Client.GetGrain<ISubscriberGrain>(Forgotten).HandleAsync(Message(Forgotten, "Vimercate stop", TimeSpan.FromMinutes(3)));
        var before = await DumpAsync();
        Assert.Contains(FormsOf(Erased), form => before.Contains(form.Text, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(FormsOf(Forgotten), form => before.Contains(form.Text, StringComparison.OrdinalIgnoreCase));

        Assert.Equal(ErasureOutcome.Erased, await cluster.Client.GetGrain<ISubscriberGrain>(Erased).EraseAsync("data-protection"));
        Clock.Advance(TimeSpan.FromDays(9));

        // The forgetting runs on the number's reminder; its tick is delivered here as the reminder service delivers it.
        var forgotten = cluster.Client.GetGrain<ISubscriberGrain>(Forgotten);
        await forgotten.AsReference<IRemindable>().ReceiveReminder("forget-number", new TickStatus(Start.UtcDateTime, TimeSpan.FromDays(1), Clock.GetUtcNow().UtcDateTime));
        await Eventually.Until(
            async () => (await cluster.Client.GetGrain<ISubscriberGrain>(Forgotten).ExportAsync()).Current,
            current => current is null,
            TimeSpan.FromSeconds(60),
            "the number that said stop forgotten after eight days");

        var dump = await DumpAsync();
        foreach (var number in new[] { Erased, Forgotten })
        {
            foreach (var (form, text) in FormsOf(number))
            {
                Assert.False(dump.Contains(text, StringComparison.OrdinalIgnoreCase), $"the dump holds {number} as {form} ({text})");
            }
        }

        Assert.Contains(FormsOf(Kept), form => dump.Contains(form.Text, StringComparison.OrdinalIgnoreCase));
        var erased = await cluster.Client.GetGrain<ISubscriberGrain>(Erased).ExportAsync();
        Assert.Null(erased.Current);
        Assert.Equal([ConsentAction.OptIn, ConsentAction.Erased], erased.Archived!.History.Select(record => record.Action));
    }

    /// <summary>Every form a number could take in a dump: text, the hex of its bytes, its base64 as inside a wamid, its 8-byte integer, its storage key.</summary>
    private static IEnumerable<(string Form, string Text)> FormsOf(string number)
    {
        var ascii = Encoding.ASCII.GetBytes(number);
        yield return ("digits", number);
        yield return ("hex of its text", Convert.ToHexString(ascii));
        for (var offset = 0; offset < 3; offset++)
        {
            // Base64 of the digits as they fall inside a longer run of bytes: drop the characters the neighbours share.
            var padded = new byte[offset].Concat(ascii).ToArray();
            var encoded = Convert.ToBase64String(padded).TrimEnd('=');
            var from = ((8 * offset) + 5) / 6;
            var to = 8 * padded.Length / 6;
            yield return ($"base64 at offset {offset}", encoded[from..to]);
        }

        // Orleans' storage reads a key made of hex digits as an integer key: the number's digits become a 64-bit value.
        yield return ("digits read as a hexadecimal key", ulong.Parse(number, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var value = ulong.Parse(number, System.Globalization.CultureInfo.InvariantCulture);
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        yield return ("8-byte integer, big-endian", Convert.ToHexString(bytes));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        yield return ("8-byte integer, little-endian", Convert.ToHexString(bytes));
    }

    /// <summary>A message id shaped like Meta's: "wamid." and base64 of a small record that holds the sender's digits.</summary>
    private static string MetaShapedWamid(string number, int sequence)
    {
        var record = new List<byte> { 0x1C, 0x18, (byte)number.Length };
        record.AddRange(Encoding.ASCII.GetBytes(number));
        record.AddRange([0x15, 0x02, 0x00, 0x12, 0x18, 0x20]);
        record.AddRange(Encoding.ASCII.GetBytes($"{sequence:X8}{Guid.NewGuid():N}"[..32]));
        return "wamid." + Convert.ToBase64String([.. record]);
    }

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
