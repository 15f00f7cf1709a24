import { ReactWidget } from '@jupyterlab/ui-components';
import type { Message } from '@lumino/messaging';
import { IPoll, Poll } from '@lumino/polling';
import * as React from 'react';

import type { IAppDetail } from '../api';
import type { Trans } from '../i18n';
import type { SidebarModel } from '../model';
import { RunsModel, shouldPoll } from '../runs';
import { ErrorBoundary } from './ErrorBoundary';
import { RunsBody } from './RunsBody';
import type { IRunActions } from './RunActions';

/**
 * The Runs section of the panel: the sidebar account's AI apps. While it is
 * shown it reads them every `refreshInterval` ms (one list call for all of
 * them), backing off while that fails; hidden, it stops, unless a run
 * started from this Lab has not ended yet (to say when it does).
 */
export class RunsSection extends ReactWidget {
  constructor(private readonly _options: RunsSection.IOptions) {
    super();
    const { sidebar, runs, trans } = _options;
    this.id = 'ncp-df-runs';
    this.addClass('ncp-df-body-widget');
    this.addClass('ncp-df-runs-section');
    this.title.label = trans.__('Runs');
    runs.changed.connect(() => this.update(), this);
    sidebar.changed.connect(() => this._followAccount(), this);
    this._poll = new Poll({
      auto: false,
      factory: async () => {
        if (!shouldPoll(this.isVisible, runs.watching)) {
          void this._poll.stop();
          return;
        }
        if (!(await runs.poll())) {
          throw new Error('DataForest runs refresh failed'); // back off
        }
      },
      frequency: this._frequency(),
      name: '@ncp-df/jupyter:runs',
      standby: 'when-hidden'
    });
  }

  /** A run started from this Lab: listed at once, followed until it ends. */
  watch(app: IAppDetail): void {
    this._options.runs.watch(app);
    this._wake();
  }

  /** Read the runs now (Refresh, or after a change), skipping the server's cache. */
  async refresh(): Promise<void> {
    if (this.isVisible) {
      await this._options.runs.poll(true);
    }
  }

  /** Apply a new refresh interval. */
  setInterval(): void {
    this._poll.frequency = this._frequency();
  }

  override dispose(): void {
    if (!this.isDisposed) {
      this._poll.dispose();
    }
    super.dispose();
  }

  protected override render(): JSX.Element {
    const { sidebar, runs, actions, trans } = this._options;
    return (
      <ErrorBoundary
        what={trans.__('The runs')}
        resetKey={runs.runs}
        trans={trans}
      >
        <RunsBody
          sidebar={sidebar}
          runs={runs}
          actions={actions}
          trans={trans}
        />
      </ErrorBoundary>
    );
  }

  protected override onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this._wake();
  }

  protected override onAfterHide(msg: Message): void {
    super.onAfterHide(msg);
    if (!this._options.runs.watching) {
      void this._poll.stop();
    }
  }

  /** The sidebar's account is the one whose runs are shown (none while it is blocked). */
  private _followAccount(): void {
    const { sidebar, runs } = this._options;
    const accountId = sidebar.blocked ? null : sidebar.accountId;
    if (runs.setAccount(accountId) && accountId !== null) {
      this._wake();
    }
  }

  /** Read now: start the poll, or make a running one tick at once. */
  private _wake(): void {
    if (!shouldPoll(this.isVisible, this._options.runs.watching)) {
      return;
    }
    const phase = this._poll.state.phase;
    void (phase === 'constructed' || phase === 'stopped'
      ? this._poll.start()
      : this._poll.refresh());
  }

  private _frequency(): IPoll.Frequency {
    const interval = this._options.sidebar.preferences.refreshInterval;
    return { interval, backoff: true, max: interval * 6 };
  }

  private _poll: Poll;
}

export namespace RunsSection {
  export interface IOptions {
    sidebar: SidebarModel;
    runs: RunsModel;
    actions: IRunActions;
    trans: Trans;
  }
}
