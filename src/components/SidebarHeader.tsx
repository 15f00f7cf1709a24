import { addIcon, refreshIcon } from '@jupyterlab/ui-components';
import * as React from 'react';

/** The panel's title with its New workspace and Refresh buttons. */
export function SidebarHeader(props: {
  canCreate: boolean;
  loading: boolean;
  onNewWorkspace: () => void;
  onRefresh: () => void;
}): JSX.Element {
  return (
    <div className="ncp-df-sidebar-header">
      <h2 className="ncp-df-sidebar-title">DataForest</h2>
      <div className="ncp-df-toolbar">
        <button
          type="button"
          className="ncp-df-icon-button"
          aria-label="New workspace"
          title="Create a new DataForest workspace"
          disabled={!props.canCreate}
          onClick={props.onNewWorkspace}
        >
          <addIcon.react tag="span" elementPosition="center" />
        </button>
        <button
          type="button"
          className="ncp-df-icon-button"
          aria-label="Refresh"
          title="Refresh the list of workspaces"
          disabled={props.loading}
          onClick={props.onRefresh}
        >
          <refreshIcon.react tag="span" elementPosition="center" />
        </button>
      </div>
    </div>
  );
}
