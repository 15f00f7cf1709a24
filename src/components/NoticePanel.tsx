import * as React from 'react';

import type { Notice } from '../model';

/** Shown when the `/ncp-df/*` routes are missing or the server is down. */
const UNAVAILABLE_MESSAGE =
  'The DataForest server extension is not available: run `pip install ncp-df-jupyter` ' +
  'in the environment of the Jupyter server and restart it (check with ' +
  '`jupyter server extension list`).';

/** Under the server's sentence: where it applies (not the browser's machine). */
const CREDENTIALS_WHERE =
  'This is about the environment of the Jupyter server; fix it there, then press Refresh.';

/** Text with `code` spans rendered as code. */
function WithCode(props: { text: string }): JSX.Element {
  return (
    <>
      {props.text
        .split('`')
        .map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}
    </>
  );
}

/** Why the panel shows no workspaces, and what to do about it. */
export function NoticePanel(props: {
  notice: Notice;
  endpoint: string | null;
}): JSX.Element {
  const { notice, endpoint } = props;
  switch (notice.kind) {
    case 'unavailable':
      return (
        <div className="ncp-df-notice ncp-df-error" role="alert">
          <WithCode text={UNAVAILABLE_MESSAGE} />
        </div>
      );
    case 'credentials':
      return (
        <div className="ncp-df-notice ncp-df-error" role="alert">
          <p>DataForest credentials are not usable: {notice.message}</p>
          <p>{CREDENTIALS_WHERE}</p>
          {endpoint && <p>Endpoint: {endpoint}</p>}
        </div>
      );
    case 'error':
      return (
        <div className="ncp-df-notice ncp-df-error" role="alert">
          {notice.message}
        </div>
      );
  }
}
