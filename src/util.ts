import type { JSONObject } from './api';

/** Is `value` a plain JSON object (not null, not an array)? */
export function isObject(value: unknown): value is JSONObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The sentence of an error (a RequestError's is the server's own). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Two digits. */
function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** An ISO-8601 time that names its zone (`Z`, `+09:00`, `-0500`). */
const NAMES_ITS_ZONE = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

/**
 * A service time in ms since the epoch (NaN when it is not a time). A stamp
 * that names no zone is read as UTC, as the notebook faces read it
 * (`core/times.py` `moment`; an UNCONFIRMED reading of the service, noted in
 * `core/protocol.py`), not as the browser's local time.
 */
export function serviceTime(value: string): number {
  const stamp = value.trim();
  const dated = /T\d/.test(stamp) && !NAMES_ITS_ZONE.test(stamp);
  return Date.parse(dated ? `${stamp}Z` : stamp);
}

/**
 * Zones whose short name `Intl` gives only as an offset in English
 * ("GMT+9"): the notebook faces (Python's zoneinfo) name them, so both faces
 * write `2026-12-01 15:53 KST`.
 */
const ZONE_NAMES: Record<string, string> = {
  'Asia/Seoul': 'KST',
  'Asia/Tokyo': 'JST'
};

/** The browser's own zone (an IANA name), or undefined. */
function browserZone(): string | undefined {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * A service time in the viewer's zone, with the zone: `2026-12-01 15:53 KST`
 * (the same `YYYY-MM-DD HH:mm ZONE` rule as the notebook faces). Text that is
 * not a time is shown as it came.
 *
 * @param timeZone - the zone to show (default: the browser's).
 */
export function when(value: string | null, timeZone?: string): string {
  if (!value) {
    return '';
  }
  const date = new Date(serviceTime(value));
  if (Number.isNaN(date.getTime())) {
    return value;
  }
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
    timeZoneName: 'short'
  });
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(date)) {
    parts[part.type] = part.value;
  }
  const day = `${parts.year}-${pad(Number(parts.month))}-${pad(Number(parts.day))}`;
  const time = `${pad(Number(parts.hour) % 24)}:${parts.minute}`;
  const zone =
    ZONE_NAMES[timeZone ?? browserZone() ?? ''] ?? parts.timeZoneName;
  return `${day} ${time} ${zone ?? ''}`.trim();
}

/** Any value as text: primitives as they are, anything else as JSON ('' for none). */
export function plain(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return value.toString();
  }
  return JSON.stringify(value) ?? '';
}
