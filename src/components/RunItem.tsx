import { caretDownIcon, caretRightIcon } from '@jupyterlab/ui-components';
import * as React from 'react';

import type { IApp, IAppDetail } from '../api';
import type { Trans } from '../i18n';
import type { Notice } from '../model';
import {
  elapsedText,
  outcomeClass,
  outcomeLabel,
  runLabel,
  runTooltip
} from '../runText';
import { plain } from '../util';
import { IconButton } from './IconButton';
import { IRunActions, RunRowActions } from './RunActions';
import { RunDetails } from './RunDetails';

/**
 * One AI app: its name, state badge and elapsed time, the workspace it runs
 * from under them; its fields and containers (with Open log) when opened.
 */
export function RunItem(props: {
  app: IApp;
  open: boolean;
  onToggle: () => void;
  detail: IAppDetail | null;
  detailNotice: Notice | null;
  elapsed: number | null;
  actions: IRunActions;
  disabled: boolean;
  trans: Trans;
}): JSX.Element {
  const { app, open, trans } = props;
  const name = runLabel(app);
  const detailsId = `ncp-df-run-${app.id}`;
  const outcome = plain(app.outcome);
  return (
    <li
      className={`ncp-df-item ncp-df-run${open ? ' ncp-df-mod-open' : ''}`}
      aria-label={name}
      data-app-id={app.id}
    >
      <div className="ncp-df-row" title={runTooltip(app, trans)}>
        <IconButton
          label={trans.__('Details of %1', name)}
          controls={detailsId}
          icon={open ? caretDownIcon : caretRightIcon}
          expanded={open}
          className="ncp-df-caret"
          onClick={props.onToggle}
        />
        <span className="ncp-df-row-name">{name}</span>
        <span
          className={outcomeClass(outcome)}
          title={trans.__('State: %1', plain(app.state))}
        >
          {outcomeLabel(outcome, trans)}
        </span>
        <RunRowActions
          app={app}
          actions={props.actions}
          disabled={props.disabled}
          trans={trans}
        />
      </div>
      <div className="ncp-df-run-line">
        <span className="ncp-df-row-name">{plain(app.workspaceName)}</span>
        <span className="ncp-df-elapsed" title={trans.__('Elapsed')}>
          {elapsedText(props.elapsed, trans)}
        </span>
      </div>
      {open && (
        <div className="ncp-df-row-more">
          <RunDetails
            id={detailsId}
            app={props.detail ?? app}
            detail={props.detail}
            detailNotice={props.detailNotice}
            elapsed={props.elapsed}
            actions={props.actions}
            trans={trans}
          />
        </div>
      )}
    </li>
  );
}
