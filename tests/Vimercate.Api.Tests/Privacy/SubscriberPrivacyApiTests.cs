using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vimercate.Abstractions;
using Vimercate.Api.Tests.Campaigns;

namespace Vimercate.Api.Tests.Privacy;

/// <summary>GET and DELETE /api/subscribers/{phone}: the data protection officer's access and erasure.</summary>
[Collection(PrivacyApiCollection.Name)]
public sealed class SubscriberPrivacyApiTests(PrivacyApiFactory factory)
{
    private static long _nextNumber;

    private readonly HttpClient _dpo = factory.ClientFor(PressOfficeApiFactory.Dpo);

    [Fact]
    public async Task DpoSeesTheStateAndConsentHistoryOfASubscriber()
    {
        var number = NewNumber();
        await SandboxAsync(number, "Vimercate Info");

        var data = await (await _dpo.GetAsync($"/api/subscribers/{number}")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(number, data.GetProperty("number").GetString());
        var current = data.GetProperty("current");
        Assert.True(current.GetProperty("subscribed").GetBoolean());
        var consent = Assert.Single(current.GetProperty("consentHistory").EnumerateArray().ToList());
        Assert.Equal("optIn", consent.GetProperty("action").GetString());
        Assert.Equal("Vimercate Info", consent.GetProperty("matchedText").GetString());
        Assert.Equal("2024-01", consent.GetProperty("termsVersion").GetString());
        Assert.Matches("^[0-9a-f]{32}$", consent.GetProperty("wamidHash").GetString()!);
        Assert.Matches(@"[+-]\d\d:\d\d$", consent.GetProperty("recordedAt").GetString()!);
        Assert.Equal(JsonValueKind.Null, data.GetProperty("archived").ValueKind);
    }

    [Fact]
    public async Task AfterAnOptOutTheArchivedHistoryIsShownWithItsDeletionDate()
    {
        var number = NewNumber();
        await SandboxAsync(number, "Vimercate Info");
        await SandboxAsync(number, "stop");

        var data = await (await _dpo.GetAsync($"/api/subscribers/{number}")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.False(data.GetProperty("current").GetProperty("subscribed").GetBoolean());
        var archived = data.GetProperty("archived");
        Assert.Equal(["optIn", "optOut"], archived.GetProperty("consentHistory").EnumerateArray().Select(r => r.GetProperty("action").GetString()));
        var closedAt = archived.GetProperty("closedAt").GetDateTimeOffset();
        Assert.Equal(closedAt.AddDays(730), archived.GetProperty("deleteAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task ErasureTakesTheNumberOutAtOnceClearsItsStateAndKeepsTheProofUnderItsHash()
    {
        var number = NewNumber();
        await SandboxAsync(number, "Vimercate Info");
        var audience = await factory.AudienceSizeAsync();

        using var erased = await _dpo.DeleteAsync($"/api/subscribers/{number}");

        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        Assert.Equal(audience - 1, await factory.AudienceSizeAsync());
        var data = await (await _dpo.GetAsync($"/api/subscribers/{number}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, data.GetProperty("current").ValueKind);
        var history = data.GetProperty("archived").GetProperty("consentHistory").EnumerateArray().ToList();
        Assert.Equal(["optIn", "erased"], history.Select(r => r.GetProperty("action").GetString()));
        Assert.Equal(PressOfficeApiFactory.Dpo.Name, history[1].GetProperty("requestedBy").GetString());
        Assert.Equal(JsonValueKind.Null, history[1].GetProperty("wamidHash").ValueKind);

        using var again = await _dpo.DeleteAsync($"/api/subscribers/{number}");
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal(audience - 1, await factory.AudienceSizeAsync());
    }

    [Fact]
    public async Task ANumberNothingIsKnownAboutIsNotFound()
    {
        using var response = await _dpo.GetAsync($"/api/subscribers/{NewNumber()}");

        await response.ReadProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("abc393331234567")]
    [InlineData("0000000")]
    [InlineData("3933312345678901")]
    public async Task AMalformedNumberIsRefusedByBothRoutes(string phone)
    {
        using var read = await _dpo.GetAsync($"/api/subscribers/{Uri.EscapeDataString(phone)}");
        using var erase = await _dpo.DeleteAsync($"/api/subscribers/{Uri.EscapeDataString(phone)}");

        Assert.Equal(["phone"], await read.ReadValidationErrorsAsync());
        Assert.Equal(["phone"], await erase.ReadValidationErrorsAsync());
    }

    [Fact]
    public async Task TheNumberMayBeWrittenWithPlusSpacesOrZeroZero()
    {
        var number = NewNumber();
        await SandboxAsync(number, "Vimercate Info");

        foreach (var written in new[] { $"+{number[..2]} {number[2..5]} {number[5..]}", $"00{number}" })
        {
            var data = await (await _dpo.GetAsync($"/api/subscribers/{Uri.EscapeDataString(written)}")).ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal(number, data.GetProperty("number").GetString());
        }
    }

    [Fact]
    public async Task EveryWayADpoWritesANumberNamesTheSameCitizenAndTheNationalFormErasesIt()
    {
        var number = NewNumber();
        var national = $"{number[2..5]} {number[5..8]} {number[8..]}";
        await SandboxAsync(number, "Vimercate Info");
        var audience = await factory.AudienceSizeAsync();

        foreach (var written in new[] { national, $"+39 {national}", $"0039 {number[2..5]} {number[5..]}", number })
        {
            using var read = await _dpo.GetAsync($"/api/subscribers/{Uri.EscapeDataString(written)}");
            var data = await read.ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal(number, data.GetProperty("number").GetString());
        }

        using (var erased = await _dpo.DeleteAsync($"/api/subscribers/{Uri.EscapeDataString(national)}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        }

        Assert.Equal(audience - 1, await factory.AudienceSizeAsync());
        Assert.False((await factory.Grains.GetGrain<ISubscriberGrain>(number).ExportAsync()).Current?.IsSubscribed ?? false);
        var after = await (await _dpo.GetAsync($"/api/subscribers/{number}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, after.GetProperty("current").ValueKind);
    }

    [Fact]
    public async Task DigitsThatNameTwoDifferentNumbersAreRefusedRatherThanGuessed()
    {
        // 321 234 5678 is an Italian mobile number, and +32 12 34 56 78 a Belgian one.
        using var read = await _dpo.GetAsync("/api/subscribers/3212345678");
        using var erase = await _dpo.DeleteAsync("/api/subscribers/3212345678");

        Assert.Equal(["phone"], await read.ReadValidationErrorsAsync());
        Assert.Equal(["phone"], await erase.ReadValidationErrorsAsync());
    }

    [Fact]
    public async Task ARefusalOfANumberDoesNotRepeatIt()
    {
        using var refused = await _dpo.GetAsync($"/api/subscribers/{Uri.EscapeDataString("+39 333 765 4321 0987")}");

        var body = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.DoesNotContain("765", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswersCarryingACitizensDataAreNeverStored()
    {
        var number = NewNumber();
        await SandboxAsync(number, "Vimercate Info");

        using var access = await _dpo.GetAsync($"/api/subscribers/{number}");
        using var outbox = await factory.ClientFor(PressOfficeApiFactory.Admin).GetAsync($"/sandbox/outbox?to={number}");

        Assert.Equal(HttpStatusCode.OK, access.StatusCode);
        Assert.Equal(HttpStatusCode.OK, outbox.StatusCode);
        Assert.True(access.Headers.CacheControl?.NoStore, "the DPO's answer says no-store");
        Assert.True(outbox.Headers.CacheControl?.NoStore, "the sandbox outbox says no-store");
    }

    [Fact]
    public async Task OnlyDpoAndAdminKeysMayReadOrErase()
    {
        var number = NewNumber();
        await SandboxAsync(number, "Vimercate Info");

        foreach (var key in new[] { PressOfficeApiFactory.Editor, PressOfficeApiFactory.EmergencyEditor })
        {
            using var read = await factory.ClientFor(key).GetAsync($"/api/subscribers/{number}");
            using var erase = await factory.ClientFor(key).DeleteAsync($"/api/subscribers/{number}");
            await read.ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
            await erase.ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        using (var anonymous = await factory.CreateClient().GetAsync($"/api/subscribers/{number}"))
        {
            await anonymous.ReadProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }

        Assert.True((await factory.Grains.GetGrain<ISubscriberGrain>(number).GetAsync()).IsSubscribed);
        using var admin = await factory.ClientFor(PressOfficeApiFactory.Admin).GetAsync($"/api/subscribers/{number}");
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task AKeyConfiguredOnlyByItsSha256IsAcceptedAndAWrongSecretIsNot()
    {
        var number = NewNumber();
        await SandboxAsync(number, "Vimercate Info");

        using var hashed = await factory.ClientFor(PrivacyApiFactory.HashedDpo).GetAsync($"/api/subscribers/{number}");
        using var wrong = await factory.ClientWithKey(PrivacyApiFactory.HashedDpo.Key + "x").GetAsync($"/api/subscribers/{number}");

        Assert.Equal(HttpStatusCode.OK, hashed.StatusCode);
        await wrong.ReadProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task ACampaignAfterTheErasureReachesOthersButNotTheErasedNumberWhoseEarlierCampaignTheDpoSees()
    {
        var erased = NewNumber();
        var kept = NewNumber();
        await SandboxAsync(erased, "Vimercate Info");
        await SandboxAsync(kept, "Vimercate Info");
        var before = await SendEmergencyAsync();

        var data = await (await _dpo.GetAsync($"/api/subscribers/{erased}")).ReadJsonAsync(HttpStatusCode.OK);
        var received = Assert.Single(data.GetProperty("campaigns").EnumerateArray().ToList());
        Assert.Equal(before, received.GetProperty("id").GetString());
        Assert.Equal("sent", received.GetProperty("status").GetString());
        Assert.Equal("emergency", received.GetProperty("category").GetString());

        using (var erasure = await _dpo.DeleteAsync($"/api/subscribers/{erased}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, erasure.StatusCode);
        }

        var after = await SendEmergencyAsync();

        Assert.Equal([before], factory.Outbox.List(erased).Where(m => m.CampaignId is not null).Select(m => m.CampaignId));
        Assert.Equal([before, after], factory.Outbox.List(kept).Where(m => m.CampaignId is not null).Select(m => m.CampaignId));
    }

    private static string NewNumber() => $"39348{Interlocked.Increment(ref _nextNumber):D7}";

    private async Task<string> SendEmergencyAsync()
    {
        var created = await (await factory.ClientFor(PressOfficeApiFactory.EmergencyEditor).CreateCampaignAsync(PressOfficeRequests.Emergency())).ReadAcceptedCampaignAsync();
        var id = created.GetProperty("id").GetString()!;
        var editor = factory.ClientFor(PressOfficeApiFactory.Editor);
        await Eventually.UntilAsync(
            async () => (await (await editor.GetAsync($"/api/campaigns/{id}")).ReadJsonAsync(HttpStatusCode.OK)).GetProperty("status").GetString() == "completed",
            $"campaign {id} completed",
            TimeSpan.FromSeconds(60));
        return id;
    }

    private async Task SandboxAsync(string number, string text)
    {
        using var response = await factory.ClientFor(PressOfficeApiFactory.Admin).PostAsJsonAsync("/sandbox/inbound", new { from = number, text });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
