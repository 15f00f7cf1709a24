import * as React from 'react';

import { describeFailure } from '../failure';
import type { Trans } from '../i18n';
import type { SidebarModel } from '../model';
import type { RunsModel } from '../runs';
import { when } from '../util';
import { FailureView } from './FailureView';
import type { IRunActions } from './RunActions';
import { RunList } from './RunList';

/**
 * The Runs section below its title: a count and the progress bar, why the
 * runs are not fresh, then the list (which alone scrolls). While the
 * workspaces' notice already explains a failure, the runs only say since
 * when they are not updated.
 */
export function RunsBody(props: {
  sidebar: SidebarModel;
  runs: RunsModel;
  actions: IRunActions;
  trans: Trans;
}): JSX.Element {
  const { sidebar, runs, actions, trans } = props;
  const stale = runs.notice !== null && runs.runs !== null;
  const running = (runs.runs ?? []).filter(app => !app.finished).length;
  if (runs.accountId === null) {
    return <div className="ncp-df-body" />;
  }
  return (
    <div className="ncp-df-body">
      <div className="ncp-df-fixed">
        <div className="ncp-df-list-status-line">
          <span className="ncp-df-count" aria-live="polite">
            {runs.runs === null
              ? ''
              : trans._n(
                  '%1 AI app, %2 under way',
                  '%1 AI apps, %2 under way',
                  runs.runs.length,
                  running
                )}
          </span>
          {stale && runs.lastRefreshed && (
            <span className="ncp-df-stale-mark">
              {trans.__(
                'Not updated since %1',
                when(runs.lastRefreshed.toISOString())
              )}
            </span>
          )}
        </div>
        <div className="ncp-df-progress-slot">
          {runs.loading && (
            <progress
              className="ncp-df-progress"
              aria-label={trans.__('Loading AI apps')}
            />
          )}
        </div>
        {runs.notice && sidebar.notice === null && (
          <FailureView
            failure={describeFailure(runs.notice.error, trans)}
            trans={trans}
          />
        )}
      </div>
      <div className="ncp-df-runs-scroll">
        {runs.runs !== null && (
          <RunList
            model={runs}
            actions={actions}
            disabled={sidebar.blocked}
            trans={trans}
          />
        )}
        {runs.runs === null && !runs.notice && (
          <p className="ncp-df-message" role="status">
            {trans.__('Loading AI apps…')}
          </p>
        )}
      </div>
    </div>
  );
}
