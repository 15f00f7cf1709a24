import * as React from 'react';

import type { IWorkspace } from '../api';
import { ErrorBoundary } from './ErrorBoundary';
import type { IWorkspaceActions } from './WorkspaceActions';
import { WorkspaceItem } from './WorkspaceItem';

/** The workspaces of the selected account. */
export function WorkspaceList(props: {
  workspaces: IWorkspace[];
  total: number;
  actions: IWorkspaceActions;
}): JSX.Element {
  const { workspaces, total, actions } = props;
  if (total === 0) {
    return (
      <p className="ncp-df-message">
        This account has no workspaces yet. Press New workspace to create one.
      </p>
    );
  }
  if (workspaces.length === 0) {
    return <p className="ncp-df-message">No workspace matches the filter.</p>;
  }
  return (
    <ul className="ncp-df-workspaces" aria-label="Workspaces">
      {workspaces.map(workspace => (
        // One workspace that cannot be drawn never hides the others.
        <ErrorBoundary
          key={workspace.id}
          what={`Workspace ${String(workspace.name)}`}
          resetKey={workspace}
        >
          <WorkspaceItem workspace={workspace} actions={actions} />
        </ErrorBoundary>
      ))}
    </ul>
  );
}
