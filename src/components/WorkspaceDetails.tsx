import * as React from 'react';

import type { IWorkspace } from '../api';
import { detailRows } from '../details';
import type { Trans } from '../i18n';
import { ErrorBoundary } from './ErrorBoundary';

/**
 * Text that wraps only between words: a tag, a path or a flag such as
 * `--port=8888` stays whole however narrow the sidebar is.
 */
export function Words(props: { text: string }): JSX.Element {
  return (
    <>
      {props.text.split(/(\s+)/).map((part, i) =>
        i % 2 === 1 ? (
          part
        ) : (
          <span key={i} className="ncp-df-word">
            {part}
          </span>
        )
      )}
    </>
  );
}

/**
 * A workspace's configuration, shown below it when opened; a field that
 * cannot be drawn costs these details only, never the list.
 */
export function WorkspaceDetails(props: {
  id: string;
  workspace: IWorkspace;
  trans: Trans;
}): JSX.Element {
  return (
    <ErrorBoundary
      what={props.trans.__(
        'The configuration of %1',
        String(props.workspace.name)
      )}
      trans={props.trans}
      resetKey={props.workspace}
    >
      <DetailsList {...props} />
    </ErrorBoundary>
  );
}

function DetailsList(props: {
  id: string;
  workspace: IWorkspace;
  trans: Trans;
}): JSX.Element {
  const { id, workspace, trans } = props;
  return (
    <DetailList
      id={id}
      label={trans.__('Configuration of %1', workspace.name)}
      rows={detailRows(workspace, trans)}
    />
  );
}

/** Label/value rows as a definition list, values wrapped only between words. */
export function DetailList(props: {
  id?: string;
  label: string;
  rows: [string, string][];
}): JSX.Element {
  return (
    <dl id={props.id} className="ncp-df-details" aria-label={props.label}>
      {props.rows.map(([label, value]) => (
        <React.Fragment key={label}>
          <dt>{label}</dt>
          <dd title={value}>
            <Words text={value} />
          </dd>
        </React.Fragment>
      ))}
    </dl>
  );
}
