/** A workspace's configuration as the sidebar's details list shows it. */
import type { IWorkspace, JSONObject, JSONValue } from './api';
import type { Trans } from './i18n';
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

/**
 * Data mounts in the direction the data goes, as the form's labels say:
 * inputs `hdfs → path` (HDFS → container), outputs `path → hdfs`
 * (container → HDFS); separated by semicolons.
 */
function paths(items: JSONValue | undefined, from: string, to: string): string {
  return Array.isArray(items)
    ? items
        .map(item => {
          const entry = section(item);
          return `${show(entry[from])} → ${show(entry[to])}`;
        })
        .join('; ')
    : '';
}

/** The workspace's configuration as label/value rows (empty ones left out). */
export function detailRows(
  workspace: IWorkspace,
  trans: Trans
): [string, string][] {
  const config = section(workspace.configuration);
  const docker = section(config.docker);
  const resource = section(config.resource);
  const data = section(config.data);
  // Labels are the schema's titles (the form's labels), msgids of the catalogue.
  const rows: [string, string][] = [
    [trans.__('Id'), workspace.id],
    [trans.__('Description'), workspace.description ?? ''],
    [trans.__('Docker image'), workspace.image ?? ''],
    [trans.__('Command'), show(docker.command)],
    [trans.__('Arguments'), show(docker.args)],
    [trans.__('Working directory'), show(docker.workdir)],
    [trans.__('Queue'), show(config.queueName)],
    [trans.__('GPU'), workspace.gpus],
    [trans.__('CPU count'), show(resource.cpuCount)],
    [trans.__('Memory (MB)'), show(resource.memoryMb)],
    [trans.__('Exposed TCP ports'), show(docker.exposeTcpPorts)],
    [trans.__('Environment variables'), show(docker.env)],
    [trans.__('Inputs (HDFS → container)'), paths(data.input, 'hdfs', 'path')],
    [
      trans.__('Outputs (container → HDFS)'),
      paths(data.output, 'path', 'hdfs')
    ],
    [trans.__('User package (HDFS)'), show(config.userPackageUri)],
    [trans.__('Created'), when(workspace.createdAt)],
    [trans.__('Modified'), when(workspace.modifiedAt)]
  ];
  return rows.filter(([, value]) => value !== '');
}

/** The GPU badge of a row: `T4×2` (empty without a configuration). */
export function gpuBadge(workspace: IWorkspace): string {
  if (!workspace.gpuModel) {
    return '';
  }
  return workspace.gpuCount
    ? `${workspace.gpuModel}×${workspace.gpuCount}`
    : workspace.gpuModel;
}
