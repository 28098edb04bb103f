using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Hosting;

namespace Vimercate.Api.Quota;

/// <summary>The service's clock and calendar: now, local days and quota weeks in <c>Service:TimeZone</c>.</summary>
public sealed class ServiceCalendar(TimeProvider timeProvider, IOptions<ServiceOptions> options)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    /// <summary>The current instant.</summary>
    public DateTimeOffset Now => timeProvider.GetUtcNow();

    /// <summary>The instant with the service zone's offset, as the press office reads it.</summary>
    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, _zone);

    /// <summary>The local date of an instant.</summary>
    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant).DateTime);

    /// <summary>The quota week that contains an instant.</summary>
    public QuotaWeek WeekOf(DateTimeOffset instant) => QuotaWeek.Containing(instant, _zone);
}
