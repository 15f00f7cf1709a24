import * as React from 'react';

import type { IWorkspace } from '../api';
import { detailRows } from '../details';

/** A workspace's configuration, shown below it when opened. */
export function WorkspaceDetails(props: {
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
