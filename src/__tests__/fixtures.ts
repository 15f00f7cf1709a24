// Rows as the server sends them, for the tests: every field present, the
// ones a test does not care about empty.
import type { IAccount, IApp, IFormField, IWorkspace } from '../api';

/** A workspace row of GET /ncp-df/workspaces; `more` sets any other field. */
export function workspaceRow(
  id: string,
  name: string,
  more: Partial<IWorkspace> = {}
): IWorkspace {
  return {
    id,
    name,
    accountName: null,
    description: null,
    disabled: null,
    imageVersion: null,
    createdAt: null,
    modifiedAt: null,
    image: null,
    gpus: '',
    gpuModel: null,
    gpuCount: null,
    queueName: null,
    configuration: null,
    ...more
  };
}

/** An account row of GET /ncp-df/accounts, labelled as the server labels it. */
export function accountRow(
  id: string,
  name: string,
  disabled = false
): IAccount {
  const label = disabled ? `${name} (no permission)` : name;
  return {
    id,
    name,
    principal: null,
    status: null,
    disabled,
    createdAt: null,
    label
  };
}

/** A field as GET /ncp-df/form serves it; `more` sets any other property. */
export function formField(
  key: string,
  widget: IFormField['widget'],
  more: Partial<IFormField> = {}
): IFormField {
  return {
    key,
    title: key,
    help: null,
    group: 'basics',
    order: 1,
    widget,
    default: null,
    required: false,
    control: false,
    choices: [],
    parts: [],
    ...more
  };
}

/** One field of each kind, shaped as core/schema/form.py describes them. */
export const FIELDS: IFormField[] = [
  formField('accountId', 'account', { required: true }),
  formField('startFrom', 'start-from', { control: true }),
  formField('name', 'text', { required: true }),
  formField('configuration.queueName', 'choice-or-other', {
    default: 'gpu',
    choices: [{ value: 'gpu', label: 'gpu' }]
  }),
  formField('configuration.resource.gpuCount', 'number', { default: 1 }),
  formField('configuration.docker.image', 'image', { required: true }),
  formField('configuration.docker.command', 'text', { required: true }),
  formField('configuration.docker.env', 'key-value', {
    parts: [
      {
        key: 'key',
        title: 'Variable',
        kind: 'text',
        required: true,
        default: null
      },
      {
        key: 'value',
        title: 'Value',
        kind: 'text',
        required: false,
        default: null
      }
    ]
  }),
  formField('configuration.docker.exposeTcpPorts', 'number-list', {
    parts: [
      {
        key: 'item',
        title: 'Port',
        kind: 'number',
        required: true,
        default: null
      }
    ]
  }),
  formField('configuration.data.output', 'rows', {
    parts: [
      {
        key: 'path',
        title: 'Container path',
        kind: 'text',
        required: true,
        default: null
      },
      {
        key: 'hdfs',
        title: 'HDFS path',
        kind: 'text',
        required: true,
        default: null
      },
      {
        key: 'overwrite',
        title: 'Overwrite',
        kind: 'checkbox',
        required: false,
        default: false
      }
    ]
  })
];

/** An app row of GET /ncp-df/apps; `more` sets any other field. */
export function appRow(
  id: string,
  name: string | null,
  more: Partial<IApp> = {}
): IApp {
  return {
    id,
    name,
    appId: null,
    accountName: 'research',
    queueName: 'gpu',
    workspaceName: 'llm',
    state: 'RUNNING',
    finalStatus: 'UNDEFINED',
    startedAt: '2026-12-01T20:06:30.633+09:00',
    finishedAt: null,
    modifiedAt: '2026-12-01T20:06:50.633+09:00',
    elapsedMillis: 60_000,
    disabled: false,
    finished: false,
    outcome: 'running',
    ...more
  };
}
