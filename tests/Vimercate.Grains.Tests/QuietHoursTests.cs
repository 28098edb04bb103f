using Vimercate.Hosting;

namespace Vimercate.Grains.Tests;

/// <summary>Service:QuietHours: read once, and the end of the quiet period around an instant, across midnight and clock changes.</summary>
public sealed class QuietHoursTests
{
    private static readonly TimeZoneInfo Rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");
    private static readonly QuietHours Night = new(new TimeOnly(21, 0), new TimeOnly(8, 0));

    [Theory]
    [InlineData("21:00-08:00", 21, 0, 8, 0)]
    [InlineData(" 9:30 - 12:45 ", 9, 30, 12, 45)]
    [InlineData("00:00-06:00", 0, 0, 6, 0)]
    public void TwoLocalTimesAreQuietHours(string text, int startHour, int startMinute, int endHour, int endMinute)
    {
        Assert.True(QuietHours.TryParse(text, out var hours));
        Assert.Equal(new QuietHours(new TimeOnly(startHour, startMinute), new TimeOnly(endHour, endMinute)), hours);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void EmptyMeansNone(string? text)
    {
        Assert.True(QuietHours.TryParse(text, out var hours));
        Assert.Null(hours);
    }

    [Theory]
    [InlineData("21-8")]
    [InlineData("21:00")]
    [InlineData("21:00-08:00-09:00")]
    [InlineData("25:00-08:00")]
    [InlineData("21:00-21:00")]
    [InlineData("nine to five")]
    public void AnythingElseIsRefused(string text) => Assert.False(QuietHours.TryParse(text, out _));

    [Theory]
    [InlineData(21, 0, 1, 8)]
    [InlineData(23, 59, 1, 8)]
    [InlineData(0, 0, 0, 8)]
    [InlineData(7, 59, 0, 8)]
    public void InsideTheNightTheyEndAtEightInTheMorning(int hour, int minute, int daysLater, int endHour)
    {
        var at = Local(2026, 11, 25, hour, minute);

        var end = Night.EndAfter(at, Rome);

        Assert.Equal(Local(2026, 11, 25, endHour, 0).AddDays(daysLater), end);
    }

    [Theory]
    [InlineData(8, 0)]
    [InlineData(12, 0)]
    [InlineData(20, 59)]
    public void OutsideThemNothingIsHeld(int hour, int minute) => Assert.Null(Night.EndAfter(Local(2026, 11, 25, hour, minute), Rome));

    [Fact]
    public void HoursWithinOneDayWork()
    {
        var lunch = new QuietHours(new TimeOnly(13, 0), new TimeOnly(14, 30));

        Assert.Equal(Local(2026, 11, 25, 14, 30), lunch.EndAfter(Local(2026, 11, 25, 13, 10), Rome));
        Assert.Null(lunch.EndAfter(Local(2026, 11, 25, 14, 30), Rome));
        Assert.Null(lunch.EndAfter(Local(2026, 11, 25, 12, 59), Rome));
    }

    [Fact]
    public void AnEndTheClockSkipsIsTheFirstMinuteAfterIt()
    {
        // 29 March 2026: in Rome the clocks go from 02:00 to 03:00.
        var early = new QuietHours(new TimeOnly(1, 0), new TimeOnly(2, 30));

        var end = early.EndAfter(new DateTimeOffset(2026, 3, 29, 1, 15, 0, TimeSpan.FromHours(1)), Rome);

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 3, 0, 0, TimeSpan.FromHours(2)), end);
    }

    [Fact]
    public void TheEndCarriesTheOffsetOfItsDay()
    {
        // 25 October 2026: in Rome the clocks go back at 03:00; the night before ends in winter time.
        var end = Night.EndAfter(new DateTimeOffset(2026, 10, 24, 22, 0, 0, TimeSpan.FromHours(2)), Rome);

        Assert.Equal(new DateTimeOffset(2026, 10, 25, 8, 0, 0, TimeSpan.FromHours(1)), end);
        Assert.Equal(TimeSpan.FromHours(1), end!.Value.Offset);
    }

    private static DateTimeOffset Local(int year, int month, int day, int hour, int minute)
    {
        var local = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Rome.GetUtcOffset(local));
    }
}
