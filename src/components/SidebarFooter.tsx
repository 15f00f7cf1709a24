import * as React from 'react';

import type { IStatus } from '../api';
import type { Trans } from '../i18n';
import { when } from '../util';

/** Which endpoint and key the server uses, and when the list was fetched. */
export function SidebarFooter(props: {
  status: IStatus;
  lastRefreshed: Date | null;
  trans: Trans;
}): JSX.Element {
  const { status, lastRefreshed, trans } = props;
  const key = status.credentials.accessKey;
  return (
    <footer className="ncp-df-footer">
      <span title={status.endpoint}>{status.endpoint}</span>
      {key && (
        <span title={status.credentials.source ?? undefined}>
          {trans.__('Key %1', key)}
        </span>
      )}
      {lastRefreshed && (
        <span>{trans.__('Updated %1', when(lastRefreshed.toISOString()))}</span>
      )}
    </footer>
  );
}
