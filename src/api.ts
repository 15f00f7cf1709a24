import { ServerConnection } from '@jupyterlab/services';

import { requestAPI } from './request';

/** A JSON value as the server sends it. */
export type JSONValue =
  string | number | boolean | null | JSONValue[] | { [key: string]: JSONValue };

/** A JSON object (a workspace configuration, a JSON Schema node...). */
export type JSONObject = { [key: string]: JSONValue };

/** GET /ncp-df/status: what the server knows without calling DataForest. */
export interface IStatus {
  version: string;
  endpoint: string;
  profile: string | null;
  cacheSeconds: number;
  /** How long the server waits for one DataForest call before it gives up. */
  timeoutSeconds?: number;
  credentials: {
    configured: boolean;
    /** Partly masked, e.g. `NCPD************EY01`; the secret never leaves the server. */
    accessKey: string | null;
    source: string | null;
    /** Why no key pair was found, and how to provide one. */
    problem: string | null;
  };
}

export interface IAccount {
  id: string;
  name: string;
  principal: string | null;
  status: string | null;
  disabled: boolean | null;
  createdAt: string | null;
  /** How the account is named in a list (the server's wording, "df-locked (no permission)"). */
  label: string;
  /** The label's msgid (`{name} (no permission)`), to show it translated; null: the name. */
  labelId?: string | null;
}

/** GET /ncp-df/accounts: the key's accounts and the one to show by default. */
export interface IAccounts {
  accounts: IAccount[];
  /** The first account this key may use (or the first one, when it may use none). */
  defaultAccountId: string | null;
}

/** A row of GET /ncp-df/workspaces: the workspace with its current configuration. */
export interface IWorkspace {
  id: string;
  name: string;
  accountName: string | null;
  description: string | null;
  disabled: boolean | null;
  imageVersion: string | null;
  createdAt: string | null;
  modifiedAt: string | null;
  /** The configuration's image, else the workspace's image version. */
  image: string | null;
  /** "T4 x 2" (empty without a configuration). */
  gpus: string;
  gpuModel: string | null;
  gpuCount: number | null;
  queueName: string | null;
  configuration: JSONObject | null;
  /**
   * The fields whose value from DataForest does not have its documented
   * shape (the schema's `workspaceName`, `id`): the row is shown as data, but
   * generated code never uses them (code.ts). Absent from older servers.
   */
  malformed?: Array<'name' | 'id'>;
}

export interface INameAvailability {
  accountId: string;
  name: string;
  available: boolean;
  /** Set when the name is taken. */
  message?: string;
}

/** The body of POST /ncp-df/workspaces (the workspace schema's root object). */
export type NewWorkspace = JSONObject;

/** A value a dropdown of the form offers. */
export interface IFormChoice {
  value: string;
  label: string;
}

/** A column of a field made of rows (a data input's HDFS path, a variable's value). */
export interface IFormPart {
  key: string;
  title: string;
  kind: 'text' | 'number' | 'checkbox';
  required: boolean;
  default: JSONValue;
}

/** The kinds of input a field asks for (the schema's x-widget). */
export type FormWidget =
  | 'text'
  | 'textarea'
  | 'choice-or-other'
  | 'image'
  | 'number'
  | 'key-value'
  | 'number-list'
  | 'rows'
  | 'account'
  | 'start-from';

/** One field of the form, as the core describes it (core/schema/form.py). */
export interface IFormField {
  /** The dotted path in the create request, or a control's id ("startFrom"). */
  key: string;
  /** The English label: a msgid of the catalogue. */
  title: string;
  /** The English help text: a msgid too. */
  help: string | null;
  group: string;
  order: number;
  widget: FormWidget;
  default: JSONValue;
  required: boolean;
  /** Not part of the request ("Start from"). */
  control: boolean;
  choices: IFormChoice[];
  parts: IFormPart[];
}

/** GET /ncp-df/form: what the form is drawn from and checked with. */
export interface IServedForm {
  /** The workspace schema with the service's choices filled in (its rules). */
  schema: JSONObject;
  groups: { id: string; title: string }[];
  /** In the order shown. */
  fields: IFormField[];
  frameworks: IFormChoice[];
}

/** GET /ncp-df/workspaces/{id}/configuration. */
export interface IConfigurationAnswer {
  id: string;
  configuration: JSONObject | null;
}

/** The badge word the server computes for an app (docs/rest-api.md). */
export type AppOutcome =
  'waiting' | 'running' | 'succeeded' | 'failed' | 'killed' | 'ended';

/**
 * A row of GET /ncp-df/apps: the API's app (unknown fields passed on) with
 * what the core computes: `finished`, `outcome`, `elapsedMillis`.
 */
export interface IApp {
  id: string;
  /** YARN's application id. */
  appId?: string | null;
  /** `<namePrefix>-<6 characters>`, made by the service. */
  name: string | null;
  accountName?: string | null;
  queueName?: string | null;
  /** In list rows; a detail may not carry it (keep the row's). */
  workspaceName?: string | null;
  state: string | null;
  finalStatus?: string | null;
  startedAt?: string | null;
  finishedAt?: string | null;
  modifiedAt?: string | null;
  /** It has ended: it will not change again. */
  finished: boolean;
  /**
   * One word for the badge: an `AppOutcome`, or a word this release does not
   * know (shown as it came).
   */
  outcome: string;
  /** How long it ran, as of the answer (to its end once finished). */
  elapsedMillis: number | null;
  [more: string]: unknown;
}

/** One container of an app's detail (the API's). */
export interface IAppContainer {
  component?: string | null;
  containerId?: string | null;
  status?: string | null;
  /** The service's log page (outside the API gateway). */
  logUrl?: string | null;
  dockerImage?: string | null;
  cpuCount?: number | null;
  memoryMb?: number | null;
  createdAt?: string | null;
  [more: string]: unknown;
}

/** GET /ncp-df/apps/{id}, POST apps, POST apps/{id}/kill: the app with its containers. */
export interface IAppDetail extends IApp {
  /** Container name → container (`{}` until the app runs). */
  containers?: { [name: string]: IAppContainer } | null;
}

/** GET /ncp-df/apps/{id}/containers/{name}/log. */
export interface IAppLog {
  id: string;
  container: string;
  logUrl: string | null;
  /** The log as text, control characters already made printable. */
  log: string;
  /** The app's state, and whether it has ended (stop following). */
  state: string | null;
  finished: boolean;
}

/** The body of POST /ncp-df/apps. */
export interface INewRun {
  aiWorkspaceId: string;
  /** Absent: the server's default (from the workspace's name). */
  namePrefix?: string;
  configuration?: JSONObject;
}

/**
 * The calls of the ncp_df_jupyter server extension (one method per route).
 * `DataForestAPI` makes them over HTTP; the unit tests hand in a fake.
 *
 * Every method rejects with `RequestError` (HTTP status + the server's one
 * sentence) or `ServerConnection.NetworkError`.
 */
export interface IDataForestAPI {
  status(): Promise<IStatus>;
  accounts(): Promise<IAccounts>;
  /**
   * The account's workspaces. `fresh` (a person pressed Refresh) asks the
   * server not to answer from its short cache.
   */
  workspaces(accountId: string, fresh?: boolean): Promise<IWorkspace[]>;
  createWorkspace(body: NewWorkspace): Promise<JSONObject>;
  deleteWorkspace(workspaceId: string): Promise<void>;
  nameAvailable(accountId: string, name: string): Promise<INameAvailability>;
  schema(accountId?: string, framework?: string): Promise<JSONObject>;
  /** The form's description and rules, for an account and framework. */
  form(accountId?: string, framework?: string): Promise<IServedForm>;
  /** A workspace's current configuration. */
  configuration(workspaceId: string): Promise<IConfigurationAnswer>;
  /** Replace a workspace's configuration (PUT); the new one comes back. */
  setConfiguration(
    workspaceId: string,
    configuration: JSONObject
  ): Promise<IConfigurationAnswer>;
  /** The account's AI apps, newest first; `fresh` skips the server's cache. */
  apps(accountId: string, fresh?: boolean): Promise<IApp[]>;
  /** Run an AI app from a workspace's configuration. */
  submitApp(body: INewRun): Promise<IAppDetail>;
  app(appId: string): Promise<IAppDetail>;
  /** Ask DataForest to kill the app; its detail read again comes back. */
  killApp(appId: string): Promise<IAppDetail>;
  /** One container's log, read now. */
  appLog(appId: string, container: string): Promise<IAppLog>;
}

/** The server extension's routes over HTTP, with the Jupyter server's settings. */
export class DataForestAPI implements IDataForestAPI {
  constructor(readonly serverSettings: ServerConnection.ISettings) {}

  status(): Promise<IStatus> {
    return this._get<IStatus>('status');
  }

  accounts(): Promise<IAccounts> {
    return this._get<IAccounts>('accounts');
  }

  async workspaces(accountId: string, fresh = false): Promise<IWorkspace[]> {
    const params: Record<string, string> = { account: accountId };
    if (fresh) {
      params.fresh = '1';
    }
    const body = await this._get<{ workspaces: IWorkspace[] }>(
      `workspaces?${query(params)}`
    );
    return body.workspaces;
  }

  createWorkspace(body: NewWorkspace): Promise<JSONObject> {
    return requestAPI<JSONObject>(
      'workspaces',
      { method: 'POST', body: JSON.stringify(body) },
      this.serverSettings
    );
  }

  async deleteWorkspace(workspaceId: string): Promise<void> {
    await requestAPI<void>(
      `workspaces/${encodeURIComponent(workspaceId)}`,
      { method: 'DELETE' },
      this.serverSettings
    );
  }

  nameAvailable(accountId: string, name: string): Promise<INameAvailability> {
    return this._get<INameAvailability>(
      `names/${encodeURIComponent(accountId)}/${encodeURIComponent(name)}`
    );
  }

  schema(accountId?: string, framework?: string): Promise<JSONObject> {
    return this._get<JSONObject>(`schema?${formQuery(accountId, framework)}`);
  }

  form(accountId?: string, framework?: string): Promise<IServedForm> {
    return this._get<IServedForm>(`form?${formQuery(accountId, framework)}`);
  }

  configuration(workspaceId: string): Promise<IConfigurationAnswer> {
    return this._get<IConfigurationAnswer>(configurationPath(workspaceId));
  }

  setConfiguration(
    workspaceId: string,
    configuration: JSONObject
  ): Promise<IConfigurationAnswer> {
    return requestAPI<IConfigurationAnswer>(
      configurationPath(workspaceId),
      { method: 'PUT', body: JSON.stringify({ configuration }) },
      this.serverSettings
    );
  }

  async apps(accountId: string, fresh = false): Promise<IApp[]> {
    const params: Record<string, string> = { account: accountId };
    if (fresh) {
      params.fresh = '1';
    }
    const body = await this._get<{ apps: IApp[] }>(`apps?${query(params)}`);
    return body.apps;
  }

  submitApp(body: INewRun): Promise<IAppDetail> {
    return requestAPI<IAppDetail>(
      'apps',
      { method: 'POST', body: JSON.stringify(body) },
      this.serverSettings
    );
  }

  app(appId: string): Promise<IAppDetail> {
    return this._get<IAppDetail>(appPath(appId));
  }

  killApp(appId: string): Promise<IAppDetail> {
    return requestAPI<IAppDetail>(
      `${appPath(appId)}/kill`,
      { method: 'POST' },
      this.serverSettings
    );
  }

  appLog(appId: string, container: string): Promise<IAppLog> {
    return this._get<IAppLog>(
      `${appPath(appId)}/containers/${encodeURIComponent(container)}/log`
    );
  }

  private _get<T>(path: string): Promise<T> {
    return requestAPI<T>(path, { method: 'GET' }, this.serverSettings);
  }
}

function query(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}

function formQuery(accountId?: string, framework?: string): string {
  const params: Record<string, string> = {};
  if (accountId) {
    params.account = accountId;
  }
  if (framework) {
    params.framework = framework;
  }
  return query(params);
}

function configurationPath(workspaceId: string): string {
  return `workspaces/${encodeURIComponent(workspaceId)}/configuration`;
}

function appPath(appId: string): string {
  return `apps/${encodeURIComponent(appId)}`;
}
