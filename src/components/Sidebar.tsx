import { ReactWidget } from '@jupyterlab/ui-components';
import type { Message } from '@lumino/messaging';
import { IPoll, Poll } from '@lumino/polling';
import { Signal } from '@lumino/signaling';
import * as React from 'react';

import { treeIcon } from '../icons';
import { IPreferences, Notice, SidebarModel } from '../model';
import { AccountControls } from './AccountControls';
import { ErrorBoundary } from './ErrorBoundary';
import { NoticePanel } from './NoticePanel';
import { SidebarFooter } from './SidebarFooter';
import { SidebarHeader } from './SidebarHeader';
import type { IWorkspaceActions } from './WorkspaceActions';
import { WorkspaceList } from './WorkspaceList';

/** Id of the sidebar widget in the left area. */
const SIDEBAR_ID = 'ncp-df-sidebar';

/** What the sidebar needs from the application (provided by the plugin). */
export interface ISidebarActions extends IWorkspaceActions {
  newWorkspace(accountId: string | null): void;
}

/** Notices that leave nothing to list: no server extension, no credentials. */
function blocks(notice: Notice | null): boolean {
  return (
    notice !== null &&
    (notice.kind === 'unavailable' || notice.kind === 'credentials')
  );
}

/** The panel's content, drawn from the model. */
function SidebarView(props: {
  model: SidebarModel;
  actions: ISidebarActions;
  onRefresh: () => void;
}): JSX.Element {
  const { model, actions, onRefresh } = props;
  const { notice, status, accounts, workspaces } = model;
  const blocked = blocks(notice);
  return (
    <div className="ncp-df-sidebar-body">
      <SidebarHeader
        canCreate={!blocked}
        loading={model.loading}
        onNewWorkspace={() => actions.newWorkspace(model.accountId)}
        onRefresh={onRefresh}
      />
      {notice && (
        <NoticePanel notice={notice} endpoint={status?.endpoint ?? null} />
      )}
      {!blocked && accounts.length > 0 && (
        <AccountControls
          accounts={accounts}
          accountId={model.accountId}
          filter={model.filter}
          onSelectAccount={accountId => void model.selectAccount(accountId)}
          onFilter={filter => model.setFilter(filter)}
        />
      )}
      {!blocked && workspaces !== null && (
        <WorkspaceList
          workspaces={model.visibleWorkspaces}
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
        <SidebarFooter status={status} lastRefreshed={model.lastRefreshed} />
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
    // Whatever the answers hold, the panel stays: the next refresh draws again.
    return (
      <ErrorBoundary
        what="The DataForest panel"
        resetKey={this.model.workspaces}
      >
        <SidebarView
          model={this.model}
          actions={this._actions}
          onRefresh={() => void this.refresh()}
        />
      </ErrorBoundary>
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
