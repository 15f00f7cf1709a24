import { codeIcon, copyIcon, deleteIcon } from '@jupyterlab/ui-components';
import * as React from 'react';

import type { IWorkspace } from '../api';
import { hasCode, NO_CODE } from '../code';
import { IconButton } from './IconButton';

/** What a person can do with one workspace (the sidebar provides them). */
export interface IWorkspaceActions {
  copyId(workspace: IWorkspace): void;
  insertCode(workspace: IWorkspace): void;
  remove(workspace: IWorkspace): void;
}

/** A workspace's buttons: Copy id, Insert code and Delete. */
export function WorkspaceActions(props: {
  workspace: IWorkspace;
  actions: IWorkspaceActions;
}): JSX.Element {
  const { workspace, actions } = props;
  return (
    <div className="ncp-df-workspace-actions">
      <IconButton
        label="Copy id"
        title={`Copy the id of ${workspace.name} (${workspace.id})`}
        icon={copyIcon}
        onClick={() => actions.copyId(workspace)}
      />
      <IconButton
        label="Insert code"
        title={
          hasCode(workspace)
            ? `Insert code using ${workspace.name} into the notebook`
            : NO_CODE
        }
        icon={codeIcon}
        disabled={!hasCode(workspace)}
        onClick={() => actions.insertCode(workspace)}
      />
      <IconButton
        label="Delete"
        title={`Delete ${workspace.name}`}
        icon={deleteIcon}
        className="ncp-df-danger"
        onClick={() => actions.remove(workspace)}
      />
    </div>
  );
}
