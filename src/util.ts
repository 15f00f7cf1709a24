import type { JSONObject } from './api';

/** Is `value` a plain JSON object (not null, not an array)? */
export function isObject(value: unknown): value is JSONObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The sentence of an error (a RequestError's is the server's own). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
