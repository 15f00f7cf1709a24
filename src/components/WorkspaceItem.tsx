import { caretDownIcon, caretRightIcon } from '@jupyterlab/ui-components';
import * as React from 'react';

import type { IWorkspace } from '../api';
import { when } from '../util';
import { IconButton } from './IconButton';
import { IWorkspaceActions, WorkspaceActions } from './WorkspaceActions';
import { WorkspaceDetails } from './WorkspaceDetails';

/** One workspace: its summary and buttons, and its configuration when opened. */
export function WorkspaceItem(props: {
  workspace: IWorkspace;
  actions: IWorkspaceActions;
}): JSX.Element {
  const { workspace, actions } = props;
  const [open, setOpen] = React.useState(false);
  const detailsId = `ncp-df-details-${workspace.id}`;
  const facts = [workspace.gpus, workspace.queueName]
    .filter(Boolean)
    .join(' · ');
  return (
    <li className="ncp-df-workspace" aria-label={workspace.name}>
      <div className="ncp-df-workspace-head">
        <IconButton
          label="Details"
          controls={detailsId}
          title={`${open ? 'Hide' : 'Show'} the configuration of ${workspace.name}`}
          icon={open ? caretDownIcon : caretRightIcon}
          expanded={open}
          onClick={() => setOpen(!open)}
        />
        <div className="ncp-df-workspace-summary">
          <span className="ncp-df-workspace-name">{workspace.name}</span>
          <span className="ncp-df-workspace-image">{workspace.image}</span>
          {facts && <span className="ncp-df-workspace-facts">{facts}</span>}
          {workspace.createdAt && (
            <time
              className="ncp-df-workspace-created"
              dateTime={workspace.createdAt}
              title="Created"
            >
              {when(workspace.createdAt)}
            </time>
          )}
        </div>
        <WorkspaceActions workspace={workspace} actions={actions} />
      </div>
      {open && <WorkspaceDetails id={detailsId} workspace={workspace} />}
    </li>
  );
}
