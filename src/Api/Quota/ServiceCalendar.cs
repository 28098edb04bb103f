using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Hosting;

namespace Vimercate.Api.Quota;

/// <summary>The service's clock and calendar: now, local days, quota weeks and quiet hours in <c>Service:TimeZone</c>.</summary>
public sealed class ServiceCalendar(TimeProvider timeProvider, IOptions<ServiceOptions> options)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
    private readonly QuietHours? _quietHours = Hosting.QuietHours.Of(options.Value);

    /// <summary>The quiet hours in force, or null when they are off.</summary>
    public QuietHours? QuietHours => _quietHours;

    /// <summary>The current instant.</summary>
    public DateTimeOffset Now => timeProvider.GetUtcNow();

    /// <summary>The instant with the service zone's offset, as the press office reads it.</summary>
    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, _zone);

    /// <summary>The local date of an instant.</summary>
    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant).DateTime);

    /// <summary>The quota week that contains an instant.</summary>
    public QuotaWeek WeekOf(DateTimeOffset instant) => QuotaWeek.Containing(instant, _zone);

    /// <summary>
    /// When a campaign asked for now, at <paramref name="now"/>, is held until: the end of the quiet hours for news and
    /// weather posted inside them; null (send now) for emergencies, for an explicit schedule and outside the quiet hours.
    /// </summary>
    public DateTimeOffset? HeldUntil(CampaignCategory category, DateTimeOffset? scheduledAt, DateTimeOffset now) =>
        category == CampaignCategory.Emergency || scheduledAt is not null ? null : _quietHours?.EndAfter(now, _zone);
}
