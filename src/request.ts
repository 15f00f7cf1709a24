import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import { isObject } from './util';

/**
 * URL namespace of the ncp_df_jupyter server extension, below the server's
 * base URL.
 */
const API_NAMESPACE = 'ncp-df';

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
