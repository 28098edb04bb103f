using Vimercate.Abstractions;
using Vimercate.Broadcasts.Tests.Infrastructure;

namespace Vimercate.Broadcasts.Tests;

[Collection(ClockedCollection.Name)]
public sealed class QuotaTests(ClockedCluster fixture)
{
    private static readonly TimeZoneInfo Rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");

    private static CampaignDraft News(DateTimeOffset? scheduledAt = null) =>
        new("Chiusura via Cavour", "Domani dalle 8 alle 18 via Cavour è chiusa.", CampaignCategory.News, null, scheduledAt, null, "ufficio-stampa");

    private IQuotaGrain Quota(string week) => fixture.Cluster.Client.GetGrain<IQuotaGrain>(week);

    [Fact]
    public async Task EleventhNewsCampaignOfAWeekIsRefusedUntilNextMondayMidnightInRome()
    {
        fixture.Time.AdjustTime(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
        var accepted = new List<CampaignSubmission>();
        for (var i = 0; i < 10; i++)
        {
            accepted.Add(await fixture.Scheduler.SubmitAsync($"w48-news-{i}", News()));
        }

        var eleventh = await fixture.Scheduler.SubmitAsync("w48-news-10", News());

        Assert.All(accepted, s => Assert.True(s.Accepted));
        Assert.False(eleventh.Accepted);
        Assert.Equal("2026-W48", eleventh.Quota.Week);
        Assert.Equal(10, eleventh.Quota.Limit);
        Assert.Equal(10, eleventh.Quota.Used);
        Assert.Equal(0, eleventh.Quota.Remaining);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.FromHours(1)), eleventh.Quota.ResetsAt);
        Assert.Equal(TimeSpan.FromHours(1), eleventh.Quota.ResetsAt.Offset);
        Assert.Null(await fixture.Cluster.Campaign("w48-news-10").GetAsync());
    }

    [Fact]
    public async Task ThirtyConcurrentReservationsForTenFreeSlotsAcceptExactlyTen()
    {
        var quota = Quota("2027-W05");

        var decisions = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            quota.ReserveAsync(new QuotaRequest($"race-{i}", CampaignCategory.Weather, null))));

        Assert.Equal(10, decisions.Count(d => d.Accepted));
        var view = await quota.GetAsync();
        Assert.Equal(10, view.Used);
        Assert.Equal(0, view.Remaining);
    }

    [Fact]
    public async Task EmergencyBeyondTheLimitIsAcceptedCountedAndKeepsItsReason()
    {
        var quota = Quota("2027-W06");
        for (var i = 0; i < 10; i++)
        {
            Assert.True((await quota.ReserveAsync(new QuotaRequest($"full-{i}", CampaignCategory.News, null))).Accepted);
        }

        var emergency = await quota.ReserveAsync(new QuotaRequest("flood", CampaignCategory.Emergency, "Esondazione del Molgora"));
        var news = await quota.ReserveAsync(new QuotaRequest("one-more", CampaignCategory.News, null));

        Assert.True(emergency.Accepted);
        Assert.False(news.Accepted);
        Assert.Equal(10, emergency.Quota.Used);
        Assert.Equal(1, emergency.Quota.Emergencies);
        var kept = Assert.Single(await quota.ListAsync(), r => r.Category == CampaignCategory.Emergency);
        Assert.Equal("Esondazione del Molgora", kept.EmergencyReason);
    }

    [Fact]
    public async Task EmergencyWithoutAReasonIsACallerError()
    {
        var quota = Quota("2027-W07");

        await Assert.ThrowsAsync<ArgumentException>(() => quota.ReserveAsync(new QuotaRequest("no-reason", CampaignCategory.Emergency, null)));
        await Assert.ThrowsAsync<ArgumentException>(() => quota.ReserveAsync(new QuotaRequest("blank-reason", CampaignCategory.Emergency, "  ")));
        Assert.Equal(0, (await quota.GetAsync()).Emergencies);
    }

    [Fact]
    public async Task ReservingTheSameCampaignTwiceHoldsOneSlot()
    {
        var quota = Quota("2027-W08");

        var first = await quota.ReserveAsync(new QuotaRequest("retried", CampaignCategory.News, null));
        var second = await quota.ReserveAsync(new QuotaRequest("retried", CampaignCategory.News, null));

        Assert.True(first.Accepted);
        Assert.True(second.Accepted);
        Assert.Equal(1, second.Quota.Used);
    }

    [Theory]
    [InlineData("2026-03-29T21:59:59Z", "2026-W13", "2026-03-23T00:00:00+01:00", "2026-03-30T00:00:00+02:00")]
    [InlineData("2026-03-29T22:00:00Z", "2026-W14", "2026-03-30T00:00:00+02:00", "2026-04-06T00:00:00+02:00")]
    [InlineData("2026-10-25T22:59:59Z", "2026-W43", "2026-10-19T00:00:00+02:00", "2026-10-26T00:00:00+01:00")]
    [InlineData("2026-10-25T23:00:00Z", "2026-W44", "2026-10-26T00:00:00+01:00", "2026-11-02T00:00:00+01:00")]
    [InlineData("2026-12-31T23:30:00Z", "2026-W53", "2026-12-28T00:00:00+01:00", "2027-01-04T00:00:00+01:00")]
    public async Task WeekRunsFromMondayMidnightToMondayMidnightInRomeAcrossDaylightSavingChanges(string now, string key, string start, string end)
    {
        fixture.Time.AdjustTime(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        var week = fixture.Scheduler.WeekOf(News());
        var quota = await Quota(week.Key).GetAsync();

        Assert.Equal(key, week.Key);
        Assert.Equal(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), week.Start);
        Assert.Equal(DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture), week.End);
        Assert.Equal(week.Start.Offset, DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture).Offset);
        Assert.Equal(week.End.Offset, DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture).Offset);
        Assert.Equal(week, QuotaWeek.Parse(key, Rome));
        Assert.Equal(week.Start, quota.WeekStart);
        Assert.Equal(week.End, quota.ResetsAt);
    }

    [Fact]
    public void DaylightSavingWeeksLastOneHourLessAndMore()
    {
        Assert.Equal(TimeSpan.FromHours(167), QuotaWeek.Parse("2026-W13", Rome).End - QuotaWeek.Parse("2026-W13", Rome).Start);
        Assert.Equal(TimeSpan.FromHours(169), QuotaWeek.Parse("2026-W43", Rome).End - QuotaWeek.Parse("2026-W43", Rome).Start);
        Assert.Equal(TimeSpan.FromHours(168), QuotaWeek.Parse("2026-W48", Rome).End - QuotaWeek.Parse("2026-W48", Rome).Start);
        Assert.Throws<FormatException>(() => QuotaWeek.Parse("2026-W54", Rome));
    }

    [Fact]
    public async Task ScheduledCampaignCountsInTheWeekOfItsScheduledAt()
    {
        fixture.Time.AdjustTime(new DateTimeOffset(2027, 2, 26, 16, 0, 0, TimeSpan.Zero));
        var nextMonday = new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.FromHours(1));

        var submission = await fixture.Scheduler.SubmitAsync("scheduled-next-week", News(nextMonday));

        Assert.True(submission.Accepted);
        Assert.Equal("2027-W09", submission.Quota.Week);
        Assert.Equal(CampaignStatus.Scheduled, submission.Campaign!.Status);
        Assert.Equal(1, (await Quota("2027-W09").GetAsync()).Used);
        Assert.DoesNotContain(await Quota("2027-W08").ListAsync(), r => r.CampaignId == "scheduled-next-week");
    }

    [Fact]
    public async Task CancellingAScheduledCampaignBeforeItStartsGivesTheSlotBack()
    {
        fixture.Time.AdjustTime(new DateTimeOffset(2027, 3, 10, 9, 0, 0, TimeSpan.Zero));
        var submission = await fixture.Scheduler.SubmitAsync("cancel-before-start", News(fixture.Time.GetUtcNow().AddDays(1)));
        var week = submission.Quota.Week;
        Assert.Equal(1, (await Quota(week).GetAsync()).Used);

        var outcome = await fixture.Cluster.Campaign("cancel-before-start").CancelAsync("editor");
        var again = await fixture.Cluster.Campaign("cancel-before-start").CancelAsync("editor");

        Assert.Equal(CancelOutcome.Cancelled, outcome);
        Assert.Equal(CancelOutcome.AlreadyFinished, again);
        Assert.Equal(0, (await Quota(week).GetAsync()).Used);
        Assert.Equal(CampaignStatus.Cancelled, (await fixture.Cluster.Campaign("cancel-before-start").GetAsync())!.Status);
        Assert.Equal(CancelOutcome.NotFound, await fixture.Cluster.Campaign("no-such-campaign").CancelAsync("editor"));
    }
}
