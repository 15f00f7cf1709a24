import { addIcon, ReactWidget, refreshIcon } from '@jupyterlab/ui-components';
import type { Message } from '@lumino/messaging';
import { IPoll, Poll } from '@lumino/polling';
import { Signal } from '@lumino/signaling';
import * as React from 'react';

import { treeIcon } from './icons';
import { IPreferences, Notice, SidebarModel } from './model';
import { when } from './util';
import { IWorkspaceActions, WorkspaceList } from './workspace-list';

/** Id of the sidebar widget in the left area. */
const SIDEBAR_ID = 'ncp-df-sidebar';

/** Shown when the `/ncp-df/*` routes are missing or the server is down. */
const UNAVAILABLE_MESSAGE =
  'The DataForest server extension is not available: run `pip install ncp-df-jupyter` ' +
  'in the environment of the Jupyter server and restart it (check with ' +
  '`jupyter server extension list`).';

/** Under the server's sentence: where it applies (not the browser's machine). */
const CREDENTIALS_WHERE =
  'This is about the environment of the Jupyter server; fix it there, then press Refresh.';

/** Text with `code` spans rendered as code. */
function WithCode(props: { text: string }): JSX.Element {
  return (
    <>
      {props.text
        .split('`')
        .map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}
    </>
  );
}

function NoticePanel(props: {
  notice: Notice;
  endpoint: string | null;
}): JSX.Element {
  const { notice, endpoint } = props;
  switch (notice.kind) {
    case 'unavailable':
      return (
        <div className="ncp-df-notice ncp-df-error" role="alert">
          <WithCode text={UNAVAILABLE_MESSAGE} />
        </div>
      );
    case 'credentials':
      return (
        <div className="ncp-df-notice ncp-df-error" role="alert">
          <p>DataForest credentials are not usable: {notice.message}</p>
          <p>{CREDENTIALS_WHERE}</p>
          {endpoint && <p>Endpoint: {endpoint}</p>}
        </div>
      );
    case 'error':
      return (
        <div className="ncp-df-notice ncp-df-error" role="alert">
          {notice.message}
        </div>
      );
  }
}

/** What the sidebar needs from the application (provided by the plugin). */
export interface ISidebarActions extends IWorkspaceActions {
  newWorkspace(accountId: string | null): void;
}

function SidebarView(props: {
  model: SidebarModel;
  actions: ISidebarActions;
  onRefresh: () => void;
}): JSX.Element {
  const { model, actions, onRefresh } = props;
  const { notice, status, accounts, workspaces } = model;
  const blocked =
    notice !== null &&
    (notice.kind === 'unavailable' || notice.kind === 'credentials');
  const visible = model.visibleWorkspaces;
  return (
    <div className="ncp-df-sidebar-body">
      <div className="ncp-df-sidebar-header">
        <h2 className="ncp-df-sidebar-title">DataForest</h2>
        <div className="ncp-df-toolbar">
          <button
            type="button"
            className="ncp-df-icon-button"
            aria-label="New workspace"
            title="Create a new DataForest workspace"
            disabled={blocked}
            onClick={() => actions.newWorkspace(model.accountId)}
          >
            <addIcon.react tag="span" elementPosition="center" />
          </button>
          <button
            type="button"
            className="ncp-df-icon-button"
            aria-label="Refresh"
            title="Refresh the list of workspaces"
            disabled={model.loading}
            onClick={onRefresh}
          >
            <refreshIcon.react tag="span" elementPosition="center" />
          </button>
        </div>
      </div>
      {notice && (
        <NoticePanel notice={notice} endpoint={status?.endpoint ?? null} />
      )}
      {!blocked && accounts.length > 0 && (
        <div className="ncp-df-controls">
          <label className="ncp-df-control">
            <span>Account</span>
            <select
              className="jp-mod-styled"
              value={model.accountId ?? ''}
              onChange={event => void model.selectAccount(event.target.value)}
            >
              {accounts.map(account => (
                <option key={account.id} value={account.id}>
                  {account.name || account.id}
                  {account.disabled ? ' (no access)' : ''}
                </option>
              ))}
            </select>
          </label>
          <input
            type="search"
            className="jp-mod-styled ncp-df-filter"
            aria-label="Filter workspaces"
            placeholder="Filter workspaces"
            title="Filter by name, image, GPU model, queue or id"
            value={model.filter}
            onChange={event => model.setFilter(event.target.value)}
          />
        </div>
      )}
      {!blocked && workspaces !== null && (
        <WorkspaceList
          workspaces={visible}
          total={workspaces.length}
          actions={actions}
        />
      )}
      {!blocked && workspaces === null && !notice && (
        <p className="ncp-df-message" role="status">
          Loading workspaces…
        </p>
      )}
      {status && (
        <footer className="ncp-df-footer">
          <span title={status.credentials.source ?? undefined}>
            {status.endpoint}
            {status.credentials.accessKey
              ? ` · key ${status.credentials.accessKey}`
              : ''}
          </span>
          {model.lastRefreshed && (
            <span>Updated {when(model.lastRefreshed.toISOString())}</span>
          )}
        </footer>
      )}
    </div>
  );
}

/**
 * The DataForest panel of the left sidebar.
 *
 * While it is visible it refreshes every `refreshInterval` ms, backing off
 * (up to six times the interval) while requests fail; it stops while hidden.
 */
export class DataForestSidebar extends ReactWidget {
  constructor(options: DataForestSidebar.IOptions) {
    super();
    this.model = options.model;
    this._actions = options.actions;
    this.id = SIDEBAR_ID;
    this.addClass('ncp-df-sidebar');
    this.title.icon = treeIcon;
    this.title.caption = 'DataForest';
    this.model.changed.connect(() => this.update(), this);

    this._poll = new Poll({
      auto: false,
      factory: async () => {
        if (!(await this.model.poll())) {
          // Rejecting makes the poll back off while the server is failing.
          throw new Error('DataForest refresh failed');
        }
      },
      frequency: this._frequency(),
      name: '@ncp-df/jupyter:workspaces',
      standby: 'when-hidden'
    });
  }

  readonly model: SidebarModel;

  /** Apply new preferences (from the settings registry). */
  setPreferences(preferences: IPreferences): void {
    this.model.setPreferences(preferences);
    this._poll.frequency = this._frequency();
  }

  /**
   * Refresh now (the Refresh button, or after a change made elsewhere). While
   * hidden nothing is fetched: showing the panel refreshes it anyway.
   */
  async refresh(): Promise<void> {
    if (this.isVisible) {
      // Directly, not through the poll: a poll refresh already in flight would
      // swallow this one, and it may have started before the change.
      await this.model.refresh(true);
    }
  }

  override dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._poll.dispose();
    Signal.clearData(this);
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
      <SidebarView
        model={this.model}
        actions={this._actions}
        onRefresh={() => void this.refresh()}
      />
    );
  }

  private _frequency(): IPoll.Frequency {
    const interval = this.model.preferences.refreshInterval;
    return { interval, backoff: true, max: interval * 6 };
  }

  private _actions: ISidebarActions;
  private _poll: Poll;
}

export namespace DataForestSidebar {
  export interface IOptions {
    model: SidebarModel;
    actions: ISidebarActions;
  }
}
