import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import { isObject, plain } from './util';

/**
 * URL namespace of the ncp_df_jupyter server extension, below the server's
 * base URL.
 */
const API_NAMESPACE = 'ncp-df';

/** The `details` of the server's error body (server/errors.py). */
export interface IErrorDetails {
  kind: string | null;
  operation: string | null;
  status: string | null;
  traceId: string | null;
  /** The service's own words. */
  said: string | null;
  /** The core's sentence (operation, service message and trace id in one). */
  sentence: string | null;
}

/**
 * Raised when the server answered with an HTTP error status. `message` is the
 * `message` field of the JSON error body when there is one.
 */
export class RequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown = undefined
  ) {
    super(message);
    this.name = 'RequestError';
  }

  /** The server's error kind, e.g. `CredentialsError` or `ValidationError`. */
  get kind(): string | undefined {
    return isObject(this.body) && typeof this.body.error === 'string'
      ? this.body.error
      : undefined;
  }

  /**
   * The server's person-first sentence as a msgid of the catalogue, with its
   * `{name}` arguments (absent when `message` is the core's own sentence).
   */
  get messageId(): { id: string; args: Record<string, string> } | undefined {
    const body = this.body;
    if (!isObject(body) || typeof body.messageId !== 'string') {
      return undefined;
    }
    const args: Record<string, string> = {};
    if (isObject(body.messageArgs)) {
      for (const [name, value] of Object.entries(body.messageArgs)) {
        args[name] = plain(value);
      }
    }
    return { id: body.messageId, args };
  }

  /** What the core knew: operation, HTTP status, trace id, the service's words. */
  get details(): IErrorDetails | undefined {
    const details = isObject(this.body) ? this.body.details : undefined;
    if (!isObject(details)) {
      return undefined;
    }
    const text = (key: string): string | null => {
      const value = details[key];
      return value === null || value === undefined ? null : plain(value);
    };
    return {
      kind: text('kind'),
      operation: text('operation'),
      status: text('status'),
      traceId: text('traceId'),
      said: text('said'),
      sentence: text('sentence')
    };
  }

  /** Each broken rule of a 400 answer: the field's dotted path and its sentence. */
  get problems(): { field: string; message: string }[] {
    if (!isObject(this.body) || !Array.isArray(this.body.problems)) {
      return [];
    }
    return this.body.problems.filter(
      (p): p is { field: string; message: string } =>
        isObject(p) &&
        typeof p.field === 'string' &&
        typeof p.message === 'string'
    );
  }
}

/**
 * Call the server extension at `<baseUrl>/ncp-df/<path>` and return the
 * decoded JSON body (`undefined` for an empty body).
 *
 * @param path - path below the API namespace, e.g. `status`
 * @param init - fetch options (method, body, ...)
 * @param settings - server settings; pass `app.serviceManager.serverSettings`
 *
 * @throws RequestError for an HTTP error status or a malformed body,
 *   ServerConnection.NetworkError when the server cannot be reached.
 */
export async function requestAPI<T>(
  path = '',
  init: RequestInit = {},
  settings: ServerConnection.ISettings = ServerConnection.makeSettings()
): Promise<T> {
  const url = URLExt.join(settings.baseUrl, API_NAMESPACE, path);
  const response = await ServerConnection.makeRequest(url, init, settings);
  const text = await response.text();

  let data: unknown = undefined;
  let parsed = true;
  if (text.length > 0) {
    try {
      data = JSON.parse(text);
    } catch {
      parsed = false;
    }
  }

  if (!response.ok) {
    const message =
      parsed && isObject(data) && typeof data.message === 'string'
        ? data.message
        : `${response.status} ${response.statusText}`.trim();
    throw new RequestError(message, response.status, data);
  }
  if (!parsed) {
    throw new RequestError(
      `The server sent a response that is not JSON (${url})`,
      response.status
    );
  }
  return data as T;
}
