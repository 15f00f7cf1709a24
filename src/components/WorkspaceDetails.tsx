import * as React from 'react';

import type { IWorkspace } from '../api';
import { detailRows } from '../details';
import { ErrorBoundary } from './ErrorBoundary';

/**
 * A workspace's configuration, shown below it when opened; a field that
 * cannot be drawn costs these details only, never the list.
 */
export function WorkspaceDetails(props: {
  id: string;
  workspace: IWorkspace;
}): JSX.Element {
  return (
    <ErrorBoundary
      what={`The configuration of ${String(props.workspace.name)}`}
      resetKey={props.workspace}
    >
      <DetailsList {...props} />
    </ErrorBoundary>
  );
}

function DetailsList(props: {
  id: string;
  workspace: IWorkspace;
}): JSX.Element {
  const { id, workspace } = props;
  return (
    <dl
      id={id}
      className="ncp-df-details"
      aria-label={`Configuration of ${workspace.name}`}
    >
      {detailRows(workspace).map(([label, value]) => (
        <React.Fragment key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </React.Fragment>
      ))}
    </dl>
  );
}
