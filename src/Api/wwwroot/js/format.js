// Italian words and formats for what the API returns.

let zone = 'Europe/Rome';

/** The service's time zone: every time is shown as the press office reads it there. */
export function useTimeZone(timeZone) {
  zone = timeZone;
}

const numbers = new Intl.NumberFormat('it-IT');

export function number(value) {
  return numbers.format(value ?? 0);
}

export function percent(part, whole) {
  if (!whole) {
    return 0;
  }
  return Math.min(100, Math.floor((part / whole) * 100));
}

export function dateTime(iso) {
  if (!iso) {
    return '—';
  }
  return new Intl.DateTimeFormat('it-IT', {
    timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit',
  }).format(new Date(iso));
}

/** "HH:MM" of an instant on the service's clock. */
export function clock(date = new Date()) {
  return new Intl.DateTimeFormat('it-IT', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
}

/** Whether an instant falls in the quiet hours ({ start: "21:00", end: "08:00" } may run across midnight). */
export function inQuietHours(quiet, date = new Date()) {
  if (!quiet) {
    return false;
  }
  const now = clock(date);
  return quiet.start < quiet.end ? now >= quiet.start && now < quiet.end : now >= quiet.start || now < quiet.end;
}

export function time(iso) {
  return new Intl.DateTimeFormat('it-IT', { timeZone: zone, hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

/** "29 nov" for a yyyy-MM-dd day. */
export function shortDay(day) {
  const [y, m, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat('it-IT', { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** "tra 3 minuti", "tra 2 ore", "meno di un minuto". */
export function fromNow(iso, now = Date.now()) {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  if (Math.abs(seconds) < 60) {
    return seconds >= 0 ? 'entro un minuto' : 'meno di un minuto fa';
  }
  const relative = new Intl.RelativeTimeFormat('it-IT', { numeric: 'auto' });
  const minutes = Math.round(seconds / 60);
  if (Math.abs(minutes) < 90) {
    return relative.format(minutes, 'minute');
  }
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 36) {
    return relative.format(hours, 'hour');
  }
  return relative.format(Math.round(hours / 24), 'day');
}

/** A datetime-local value ("2026-12-01T09:30") as an ISO instant, read in the browser's zone. */
export function localInputToIso(value) {
  return value ? new Date(value).toISOString() : null;
}

export const categories = {
  news: 'Notizia',
  weather: 'Allerta meteo',
  emergency: 'Emergenza',
};

export const statuses = {
  scheduled: 'Programmata',
  queued: 'In coda',
  sending: 'In invio',
  completed: 'Completata',
  cancelled: 'Annullata',
  failed: 'Interrotta',
};

export function isFinished(status) {
  return status === 'completed' || status === 'cancelled' || status === 'failed';
}

/** Messages no longer pending: sent or failed. */
export function processed(counts) {
  return (counts?.sent ?? 0) + (counts?.failed ?? 0);
}

export function plural(count, one, many) {
  return `${number(count)} ${count === 1 ? one : many}`;
}
