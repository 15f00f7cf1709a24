import * as React from 'react';

import type { Trans } from '../i18n';
import { when } from '../util';

/** Seconds since `since` (ms), counted while it is set. */
export function useElapsed(since: number | null): number {
  const [now, setNow] = React.useState(Date.now());
  React.useEffect(() => {
    if (since === null) {
      return;
    }
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), 500);
    return () => window.clearInterval(timer);
  }, [since]);
  return since === null ? 0 : Math.max(0, (now - since) / 1000);
}

/** After this long a request says that it is still waiting, and for how long at most. */
export const PATIENCE_SECONDS = 3;

/** "Still waiting…", with the server's real budget when it is known. */
export function waitingText(trans: Trans, budget: number | undefined): string {
  return budget
    ? trans.__(
        'Still waiting for DataForest… The server gives up on a call after %1 s.',
        budget
      )
    : trans.__('Still waiting for DataForest…');
}

/**
 * The line above the list: how many workspaces (of how many), a progress bar
 * while any request is under way, "still waiting" when one is slow, and a
 * mark when the list shown is older than the last attempt to refresh it.
 */
export function ListStatus(props: {
  shown: number;
  total: number | null;
  loading: boolean;
  waitingSince: number | null;
  budget: number | undefined;
  stale: boolean;
  lastRefreshed: Date | null;
  trans: Trans;
}): JSX.Element {
  const { shown, total, loading, trans } = props;
  const waited = useElapsed(props.waitingSince);
  let count = '';
  if (total !== null) {
    count =
      shown === total
        ? trans._n('%1 workspace', '%1 workspaces', total)
        : trans._n('%2 of %1 workspace', '%2 of %1 workspaces', total, shown);
  }
  return (
    <div className="ncp-df-list-status">
      <div className="ncp-df-list-status-line">
        <span className="ncp-df-count" aria-live="polite">
          {count}
        </span>
        {props.stale && props.lastRefreshed && (
          <span className="ncp-df-stale-mark" role="status">
            {trans.__(
              'Not updated since %1',
              when(props.lastRefreshed.toISOString())
            )}
          </span>
        )}
      </div>
      <div className="ncp-df-progress-slot">
        {loading && (
          <progress
            className="ncp-df-progress"
            aria-label={trans.__('Loading workspaces')}
          />
        )}
      </div>
      {waited >= PATIENCE_SECONDS && (
        <p className="ncp-df-waiting" role="status">
          {waitingText(trans, props.budget)}
        </p>
      )}
    </div>
  );
}
