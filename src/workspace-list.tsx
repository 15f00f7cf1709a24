import {
  caretDownIcon,
  caretRightIcon,
  codeIcon,
  copyIcon,
  deleteIcon
} from '@jupyterlab/ui-components';
import type { LabIcon } from '@jupyterlab/ui-components';
import * as React from 'react';

import type { IWorkspace, JSONObject, JSONValue } from './api';
import { isObject, when } from './util';

/** What a person can do with one workspace (the sidebar provides them). */
export interface IWorkspaceActions {
  copyId(workspace: IWorkspace): void;
  insertCode(workspace: IWorkspace): void;
  remove(workspace: IWorkspace): void;
}

function IconButton(props: {
  label: string;
  title: string;
  icon: LabIcon;
  onClick: () => void;
  expanded?: boolean;
  controls?: string;
  className?: string;
}): JSX.Element {
  return (
    <button
      type="button"
      className={`ncp-df-icon-button ${props.className ?? ''}`}
      aria-label={props.label}
      aria-expanded={props.expanded}
      aria-controls={props.expanded ? props.controls : undefined}
      title={props.title}
      onClick={props.onClick}
    >
      <props.icon.react tag="span" elementPosition="center" />
    </button>
  );
}

function show(value: JSONValue | undefined): string {
  if (value === undefined || value === null) {
    return '';
  }
  if (Array.isArray(value)) {
    return value.map(show).join(', ');
  }
  if (typeof value === 'object') {
    return Object.entries(value)
      .map(([k, v]) => `${k}=${show(v)}`)
      .join(', ');
  }
  return String(value);
}

function section(value: JSONValue | undefined): JSONObject {
  return isObject(value) ? value : {};
}

/** The workspace's configuration as label/value rows. */
function detailRows(workspace: IWorkspace): [string, string][] {
  const config = section(workspace.configuration);
  const docker = section(config.docker);
  const resource = section(config.resource);
  const data = section(config.data);
  const paths = (items: JSONValue | undefined): string =>
    Array.isArray(items)
      ? items
          .map(item => {
            const entry = section(item);
            return `${show(entry.hdfs)} → ${show(entry.path)}`;
          })
          .join('; ')
      : '';
  const rows: [string, string][] = [
    ['Id', workspace.id],
    ['Description', workspace.description ?? ''],
    ['Image', workspace.image ?? ''],
    ['Command', show(docker.command)],
    ['Arguments', show(docker.args)],
    ['Working directory', show(docker.workdir)],
    ['Queue', show(config.queueName)],
    ['GPU', workspace.gpus],
    ['CPU count', show(resource.cpuCount)],
    ['Memory (MB)', show(resource.memoryMb)],
    ['Exposed TCP ports', show(docker.exposeTcpPorts)],
    ['Environment', show(docker.env)],
    ['Inputs', paths(data.input)],
    ['Outputs', paths(data.output)],
    ['User package', show(config.userPackageUri)],
    ['Created', when(workspace.createdAt)],
    ['Modified', when(workspace.modifiedAt)]
  ];
  return rows.filter(([, value]) => value !== '');
}

function WorkspaceItem(props: {
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
        <div className="ncp-df-workspace-actions">
          <IconButton
            label="Copy id"
            title={`Copy the id of ${workspace.name} (${workspace.id})`}
            icon={copyIcon}
            onClick={() => actions.copyId(workspace)}
          />
          <IconButton
            label="Insert code"
            title={`Insert code using ${workspace.name} into the notebook`}
            icon={codeIcon}
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
      </div>
      {open && (
        <dl
          id={detailsId}
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
      )}
    </li>
  );
}

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
        <WorkspaceItem
          key={workspace.id}
          workspace={workspace}
          actions={actions}
        />
      ))}
    </ul>
  );
}
