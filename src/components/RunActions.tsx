import { codeIcon, stopIcon } from '@jupyterlab/ui-components';
import * as React from 'react';

import type { IApp } from '../api';
import type { Trans } from '../i18n';
import { runLabel } from '../runText';
import { IconButton } from './IconButton';

/** What a person can do with one AI app (the sidebar provides them). */
export interface IRunActions {
  /** Kill it once a person has confirmed it in a dialog naming it. */
  kill(app: IApp): void;
  /** A container's log in the log viewer (or its page in a new tab). */
  openLog(app: IApp, container: string): void;
  insertCode(app: IApp): void;
}

/** The buttons on a run's row: Insert code and Kill (while it has not ended). */
export function RunRowActions(props: {
  app: IApp;
  actions: IRunActions;
  disabled: boolean;
  trans: Trans;
}): JSX.Element {
  const { app, actions, trans } = props;
  const name = runLabel(app);
  return (
    <div className="ncp-df-row-actions">
      <IconButton
        label={trans.__('Insert code for %1', name)}
        title={trans.__('Insert code using %1 into the notebook', name)}
        icon={codeIcon}
        onClick={() => actions.insertCode(app)}
      />
      <IconButton
        label={trans.__('Kill %1', name)}
        title={
          app.finished
            ? trans.__('%1 has ended', name)
            : trans.__('Kill %1', name)
        }
        icon={stopIcon}
        className="ncp-df-danger"
        disabled={props.disabled || app.finished}
        onClick={() => actions.kill(app)}
      />
    </div>
  );
}
