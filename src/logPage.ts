/** Where a container's log can be read when the server does not serve it. */
import { RequestError } from './request';
import { isObject } from './util';

/** A web page's address, when it is one (never `javascript:` or the like). */
export function webAddress(value: unknown): string | null {
  if (typeof value !== 'string') {
    return null;
  }
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:'
      ? url.href
      : null;
  } catch {
    return null;
  }
}

/**
 * Where a log the server did not serve can be read: the page the server
 * could not read (AppLogError's `url`) or the container's `logUrl`.
 */
export function logPageOf(error: unknown, logUrl: unknown): string | null {
  if (!(error instanceof RequestError)) {
    return null;
  }
  const served = error.status >= 400 && error.status < 500;
  const unreadable = error.kind === 'AppLogError';
  if (!served && !unreadable) {
    return null;
  }
  const body = isObject(error.body) ? error.body : {};
  return webAddress(body.url) ?? webAddress(logUrl);
}
