import { textEditorIcon } from '@jupyterlab/ui-components';
import * as React from 'react';

import type { IApp, IAppContainer, IAppDetail } from '../api';
import { describeFailure } from '../failure';
import type { Trans } from '../i18n';
import type { Notice } from '../model';
import { elapsedText, runLabel } from '../runText';
import { containersOf } from '../runs';
import { plain, when } from '../util';
import type { IRunActions } from './RunActions';
import { DetailList, Words } from './WorkspaceDetails';

/** The run's fields as label/value rows (empty ones left out). */
function runRows(
  app: IApp,
  elapsed: number | null,
  trans: Trans
): [string, string][] {
  const rows: [string, string][] = [
    [trans.__('Id'), app.id],
    [trans.__('YARN application id'), plain(app.appId)],
    [trans.__('Workspace'), plain(app.workspaceName)],
    [trans.__('Queue'), plain(app.queueName)],
    [trans.__('State'), plain(app.state)],
    [trans.__('Final status'), plain(app.finalStatus)],
    [trans.__('Started'), when(app.startedAt ?? null)],
    [trans.__('Finished'), when(app.finishedAt ?? null)],
    [trans.__('Elapsed'), elapsedText(elapsed, trans)]
  ];
  return rows.filter(([, value]) => value !== '');
}

/** One container: its name and status, image and size, and Open log. */
function ContainerRow(props: {
  app: IApp;
  name: string;
  container: IAppContainer;
  actions: IRunActions;
  trans: Trans;
}): JSX.Element {
  const { app, name, container, actions, trans } = props;
  const size = [
    container.cpuCount ? trans.__('%1 CPU', plain(container.cpuCount)) : '',
    container.memoryMb ? trans.__('%1 MB', plain(container.memoryMb)) : ''
  ]
    .filter(Boolean)
    .join(', ');
  const label = trans.__('Open the log of %1 of %2', name, runLabel(app));
  return (
    <li className="ncp-df-container" aria-label={name}>
      <div className="ncp-df-container-line">
        <span className="ncp-df-row-name">{name}</span>
        {container.status && (
          <span className="ncp-df-badge">{plain(container.status)}</span>
        )}
      </div>
      {(container.dockerImage || size) && (
        <div className="ncp-df-container-line ncp-df-dim">
          <Words
            text={[plain(container.dockerImage), size]
              .filter(Boolean)
              .join(' · ')}
          />
        </div>
      )}
      <button
        type="button"
        className="ncp-df-text-button"
        aria-label={label}
        title={label}
        onClick={() => actions.openLog(app, name)}
      >
        <textEditorIcon.react tag="span" elementPosition="center" />
        {trans.__('Open log')}
      </button>
    </li>
  );
}

/** An opened run: its fields, then its containers (read with its detail). */
export function RunDetails(props: {
  id: string;
  app: IApp;
  detail: IAppDetail | null;
  detailNotice: Notice | null;
  elapsed: number | null;
  actions: IRunActions;
  trans: Trans;
}): JSX.Element {
  const { app, detail, actions, trans } = props;
  const containers = containersOf(detail);
  return (
    <div id={props.id}>
      <DetailList
        label={trans.__('Details of %1', runLabel(app))}
        rows={runRows(app, props.elapsed, trans)}
      />
      {props.detailNotice && (
        <p className="ncp-df-message ncp-df-error">
          {describeFailure(props.detailNotice.error, trans).text}
        </p>
      )}
      {detail === null && !props.detailNotice && (
        <p className="ncp-df-message" role="status">
          {trans.__('Loading the containers…')}
        </p>
      )}
      {detail !== null && containers.length === 0 && (
        <p className="ncp-df-message">
          {trans.__('No containers yet: its log starts when it runs.')}
        </p>
      )}
      {containers.length > 0 && (
        <ul
          className="ncp-df-containers"
          aria-label={trans.__('Containers of %1', runLabel(app))}
        >
          {containers.map(([name, container]) => (
            <ContainerRow
              key={name}
              app={app}
              name={name}
              container={container}
              actions={actions}
              trans={trans}
            />
          ))}
        </ul>
      )}
    </div>
  );
}
