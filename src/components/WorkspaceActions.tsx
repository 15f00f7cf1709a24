import {
  addIcon,
  codeIcon,
  copyIcon,
  deleteIcon,
  editIcon,
  runIcon
} from '@jupyterlab/ui-components';
import * as React from 'react';

import type { IWorkspace } from '../api';
import { hasCode, noCodeReason } from '../code';
import type { Trans } from '../i18n';
import { IconButton } from './IconButton';

/** What a person can do with one workspace (the sidebar provides them). */
export interface IWorkspaceActions {
  copyId(workspace: IWorkspace): void;
  insertCode(workspace: IWorkspace): void;
  remove(workspace: IWorkspace): void;
  /** The form, editing the workspace's configuration. */
  edit(workspace: IWorkspace): void;
  /** The form for a new workspace, starting from this one's configuration. */
  startFrom(workspace: IWorkspace): void;
  /** Run an AI app from the workspace's configuration (after a dialog). */
  run(workspace: IWorkspace): void;
}

/** The buttons on a workspace's row: Insert code and Delete. */
export function RowActions(props: {
  workspace: IWorkspace;
  actions: IWorkspaceActions;
  disabled: boolean;
  trans: Trans;
}): JSX.Element {
  const { workspace, actions, trans } = props;
  return (
    <div className="ncp-df-row-actions">
      <IconButton
        label={trans.__('Insert code for %1', workspace.name)}
        title={
          hasCode(workspace)
            ? trans.__('Insert code using %1 into the notebook', workspace.name)
            : noCodeReason(trans)
        }
        icon={codeIcon}
        disabled={!hasCode(workspace)}
        onClick={() => actions.insertCode(workspace)}
      />
      <IconButton
        label={trans.__('Delete %1', workspace.name)}
        icon={deleteIcon}
        className="ncp-df-danger"
        disabled={props.disabled}
        onClick={() => actions.remove(workspace)}
      />
    </div>
  );
}

/**
 * The buttons under an opened workspace: Run (an AI app from it), Edit
 * configuration, New from it, Copy id.
 */
export function MoreActions(props: {
  workspace: IWorkspace;
  actions: IWorkspaceActions;
  disabled: boolean;
  trans: Trans;
}): JSX.Element {
  const { workspace, actions, trans } = props;
  const button = (
    label: string,
    name: string,
    icon: typeof addIcon,
    act: () => void,
    disabled = false
  ) => (
    <button
      type="button"
      className="ncp-df-text-button"
      aria-label={name}
      title={name}
      disabled={disabled}
      onClick={act}
    >
      <icon.react tag="span" elementPosition="center" />
      {label}
    </button>
  );
  return (
    <div className="ncp-df-more-actions">
      {button(
        trans._p('button', 'Run'),
        trans.__('Run an AI app from the configuration of %1', workspace.name),
        runIcon,
        () => actions.run(workspace),
        props.disabled
      )}
      {button(
        trans.__('Edit configuration'),
        trans.__('Edit the configuration of %1', workspace.name),
        editIcon,
        () => actions.edit(workspace),
        props.disabled
      )}
      {button(
        trans.__('New from this'),
        trans.__('New workspace from %1', workspace.name),
        addIcon,
        () => actions.startFrom(workspace),
        props.disabled
      )}
      {button(
        trans.__('Copy id'),
        trans.__('Copy the id of %1', workspace.name),
        copyIcon,
        () => actions.copyId(workspace)
      )}
    </div>
  );
}
