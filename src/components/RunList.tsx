import * as React from 'react';

import type { Trans } from '../i18n';
import { elapsedNow, RunsModel } from '../runs';
import { runLabel } from '../runText';
import { ErrorBoundary } from './ErrorBoundary';
import type { IRunActions } from './RunActions';
import { RunItem } from './RunItem';

/** The time now, again every second while `ticking` (the elapsed times run on). */
function useNow(ticking: boolean): number {
  const [now, setNow] = React.useState(Date.now());
  React.useEffect(() => {
    if (!ticking) {
      return;
    }
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [ticking]);
  return now;
}

/** The account's AI apps, newest first. */
export function RunList(props: {
  model: RunsModel;
  actions: IRunActions;
  disabled: boolean;
  trans: Trans;
}): JSX.Element {
  const { model, actions, trans } = props;
  const runs = model.runs ?? [];
  const now = useNow(runs.some(run => !run.finished));
  if (runs.length === 0) {
    return (
      <p className="ncp-df-message">
        {trans.__(
          'This account has no AI apps yet. Press Run on a workspace to start one.'
        )}
      </p>
    );
  }
  return (
    <ul
      className={`ncp-df-workspaces ncp-df-runs${model.notice ? ' ncp-df-mod-stale' : ''}`}
      aria-label={trans.__('AI apps')}
    >
      {runs.map(app => (
        <ErrorBoundary
          key={app.id}
          what={trans.__('AI app %1', String(runLabel(app)))}
          resetKey={app}
          trans={trans}
        >
          <RunItem
            app={app}
            open={model.expandedId === app.id}
            onToggle={() =>
              void model.expand(model.expandedId === app.id ? null : app.id)
            }
            detail={model.expandedId === app.id ? model.detail : null}
            detailNotice={
              model.expandedId === app.id ? model.detailNotice : null
            }
            elapsed={elapsedNow(app, model.receivedAt, now)}
            actions={actions}
            disabled={props.disabled}
            trans={trans}
          />
        </ErrorBoundary>
      ))}
    </ul>
  );
}
