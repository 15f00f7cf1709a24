/**
 * What a person reads when a request fails: first what happened and what to
 * do, in their language; the service's own words under it; the operation,
 * status and trace id behind a Details toggle (and in what Copy copies).
 */
import { ServerConnection } from '@jupyterlab/services';

import { Trans, translatePython } from './i18n';
import { RequestError } from './request';
import { messageOf } from './util';

export interface IFailure {
  /** The sentence that leads: what happened and what a person can do. */
  text: string;
  /** The service's own words, when the server had them. */
  said: string | null;
  /** Label and value of each technical detail (empty ones left out). */
  details: [string, string][];
}

/** The server's answer, worded for a person (translated when it has a msgid). */
function fromServer(error: RequestError, trans: Trans): IFailure {
  const worded = error.messageId;
  const details = error.details;
  const text = worded
    ? translatePython(trans, worded.id, worded.args)
    : error.message;
  const rows: [string, string | null | undefined][] = [
    [trans.__('Operation'), details?.operation],
    [trans.__('HTTP status of DataForest'), details?.status],
    [trans.__('Trace id'), details?.traceId],
    [trans.__('Error'), details?.kind ?? error.kind],
    [trans.__('Technical message'), worded ? details?.sentence : null]
  ];
  return {
    text,
    // Without a msgid the server's sentence already holds the service's words.
    said: worded ? (details?.said ?? null) : null,
    details: rows.filter((row): row is [string, string] => !!row[1])
  };
}

/** A failed request (or anything thrown) as a person reads it. */
export function describeFailure(error: unknown, trans: Trans): IFailure {
  if (error instanceof ServerConnection.NetworkError) {
    return {
      text: trans.__(
        'Cannot reach the Jupyter server. Check that it is still running, then press Refresh.'
      ),
      said: null,
      details: [[trans.__('Technical message'), messageOf(error)]]
    };
  }
  if (error instanceof RequestError) {
    return fromServer(error, trans);
  }
  return { text: messageOf(error), said: null, details: [] };
}

/** The failure as plain text, for Copy. */
export function failureText(failure: IFailure, trans: Trans): string {
  const lines = [failure.text];
  if (failure.said) {
    lines.push(trans.__('DataForest said: %1', failure.said));
  }
  for (const [label, value] of failure.details) {
    lines.push(`${label}: ${value}`);
  }
  return lines.join('\n');
}
