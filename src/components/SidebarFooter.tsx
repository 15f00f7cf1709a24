import * as React from 'react';

import type { IStatus } from '../api';
import { when } from '../util';

/** Which endpoint and key the server uses, and when the list was fetched. */
export function SidebarFooter(props: {
  status: IStatus;
  lastRefreshed: Date | null;
}): JSX.Element {
  const { status, lastRefreshed } = props;
  return (
    <footer className="ncp-df-footer">
      <span title={status.credentials.source ?? undefined}>
        {status.endpoint}
        {status.credentials.accessKey
          ? ` · key ${status.credentials.accessKey}`
          : ''}
      </span>
      {lastRefreshed && (
        <span>Updated {when(lastRefreshed.toISOString())}</span>
      )}
    </footer>
  );
}
