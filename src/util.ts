import type { JSONObject } from './api';

/** Is `value` a plain JSON object (not null, not an array)? */
export function isObject(value: unknown): value is JSONObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The sentence of an error (a RequestError's is the server's own). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A short local date and time for an ISO-8601 timestamp (as given when not a date). */
export function when(iso: string | null): string {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, {
        dateStyle: 'medium',
        timeStyle: 'short'
      });
}
