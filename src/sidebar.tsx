import { ServerConnection } from '@jupyterlab/services';
import { ReactWidget } from '@jupyterlab/ui-components';
import type { Message } from '@lumino/messaging';
import { IPoll, Poll } from '@lumino/polling';
import * as React from 'react';

import { treeIcon } from './icons';
import { RequestError, requestAPI } from './request';

/** Id of the sidebar widget in the left area. */
export const SIDEBAR_ID = 'ncp-df-sidebar';

/** Shown when the `/ncp-df/*` routes are missing or the server is down. */
export const UNAVAILABLE_MESSAGE =
  'The DataForest server extension is not available: run `pip install ncp-df-jupyter` ' +
  'in the environment of the Jupyter server and restart it.';

/** User preferences, as defined in schema/plugin.json. */
export interface IPreferences {
  refreshInterval: number;
  defaultAccount: string;
}

export const DEFAULT_PREFERENCES: IPreferences = {
  refreshInterval: 10000,
  defaultAccount: ''
};

/** What the sidebar currently knows about the server. */
export type StatusView =
  | { kind: 'idle' }
  | { kind: 'ok'; status: unknown }
  | { kind: 'unavailable' }
  | { kind: 'error'; message: string };

/** Map a failed status request to what the sidebar shows. */
export function describeFailure(error: unknown): StatusView {
  if (error instanceof RequestError && error.status === 404) {
    return { kind: 'unavailable' };
  }
  if (error instanceof ServerConnection.NetworkError) {
    return { kind: 'unavailable' };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'error', message };
}

function UnavailableText(): JSX.Element {
  // Render the command as code without losing the plain-text wording.
  const [before, command, after] = UNAVAILABLE_MESSAGE.split('`');
  return (
    <p className="ncp-df-message ncp-df-error" role="status">
      {before}
      <code>{command}</code>
      {after}
    </p>
  );
}

function StatusPanel(props: { view: StatusView }): JSX.Element {
  const { view } = props;
  switch (view.kind) {
    case 'idle':
      return (
        <p className="ncp-df-message">Press Refresh to load the status.</p>
      );
    case 'ok':
      return (
        <pre className="ncp-df-status" aria-label="DataForest status">
          {JSON.stringify(view.status, null, 2)}
        </pre>
      );
    case 'unavailable':
      return <UnavailableText />;
    case 'error':
      return (
        <p className="ncp-df-message ncp-df-error" role="alert">
          Could not load the DataForest status: {view.message}
        </p>
      );
  }
}

/**
 * The DataForest panel of the left sidebar.
 *
 * It polls `GET <baseUrl>/ncp-df/status` while it is visible (every
 * `refreshInterval` ms, backing off on failures) and on demand through the
 * Refresh button.
 */
export class DataForestSidebar extends ReactWidget {
  constructor(options: DataForestSidebar.IOptions) {
    super();
    this._serverSettings = options.serverSettings;
    this._preferences = { ...DEFAULT_PREFERENCES, ...options.preferences };
    this.id = SIDEBAR_ID;
    this.addClass('ncp-df-sidebar');
    this.title.icon = treeIcon;
    this.title.caption = 'DataForest';

    this._poll = new Poll({
      auto: false,
      factory: async () => {
        if (!(await this.refresh())) {
          // Rejecting makes the poll back off while the server is failing.
          throw new Error('DataForest status request failed');
        }
      },
      frequency: this._frequency(),
      name: '@ncp-df/jupyter:status',
      standby: 'when-hidden'
    });
  }

  /** The current preferences. */
  get preferences(): IPreferences {
    return { ...this._preferences };
  }

  /** What the panel currently shows. */
  get view(): StatusView {
    return this._view;
  }

  /** Apply new preferences (from the settings registry). */
  setPreferences(preferences: Partial<IPreferences>): void {
    this._preferences = { ...this._preferences, ...preferences };
    this._poll.frequency = this._frequency();
    this.update();
  }

  /**
   * Fetch the status once and render it.
   *
   * @returns whether the request succeeded; it never rejects.
   */
  async refresh(): Promise<boolean> {
    const request = ++this._requestCount;
    this._loading = true;
    this.update();
    let view: StatusView;
    try {
      const status = await requestAPI<unknown>(
        'status',
        { method: 'GET' },
        this._serverSettings
      );
      view = { kind: 'ok', status };
    } catch (error) {
      view = describeFailure(error);
    }
    if (request === this._requestCount && !this.isDisposed) {
      this._view = view;
      this._loading = false;
      this.update();
    }
    return view.kind === 'ok';
  }

  override dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._poll.dispose();
    super.dispose();
  }

  protected override onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    void this._poll.start();
  }

  protected override onAfterHide(msg: Message): void {
    super.onAfterHide(msg);
    void this._poll.stop();
  }

  protected override render(): JSX.Element {
    return (
      <div className="ncp-df-sidebar-body">
        <div className="ncp-df-sidebar-header">
          <h2 className="ncp-df-sidebar-title">DataForest</h2>
          <button
            type="button"
            className="jp-Button jp-mod-styled jp-mod-reject"
            aria-label="Refresh"
            title="Refresh the DataForest status"
            disabled={this._loading}
            onClick={() => {
              void this.refresh();
            }}
          >
            Refresh
          </button>
        </div>
        <StatusPanel view={this._view} />
      </div>
    );
  }

  private _frequency(): IPoll.Frequency {
    const interval = this._preferences.refreshInterval;
    return { interval, backoff: true, max: interval * 6 };
  }

  private _serverSettings: ServerConnection.ISettings;
  private _preferences: IPreferences;
  private _poll: Poll;
  private _view: StatusView = { kind: 'idle' };
  private _loading = false;
  private _requestCount = 0;
}

export namespace DataForestSidebar {
  export interface IOptions {
    /** Use `app.serviceManager.serverSettings`. */
    serverSettings: ServerConnection.ISettings;
    preferences?: Partial<IPreferences>;
  }
}
