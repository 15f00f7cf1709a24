/** A workspace's configuration as the sidebar's details list shows it. */
import type { IWorkspace, JSONObject, JSONValue } from './api';
import { isObject, when } from './util';

/** A configuration value as one line of text ('' for none). */
export function show(value: JSONValue | undefined): string {
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

/** Data mounts as `hdfs → path`, separated by semicolons. */
function paths(items: JSONValue | undefined): string {
  return Array.isArray(items)
    ? items
        .map(item => {
          const entry = section(item);
          return `${show(entry.hdfs)} → ${show(entry.path)}`;
        })
        .join('; ')
    : '';
}

/** The workspace's configuration as label/value rows (empty ones left out). */
export function detailRows(workspace: IWorkspace): [string, string][] {
  const config = section(workspace.configuration);
  const docker = section(config.docker);
  const resource = section(config.resource);
  const data = section(config.data);
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
