/**
 * The log viewer: a container's log that follows while its app runs, in a
 * main-area tab (JupyterLab) or a dialog (Notebook 7), as the form opens.
 *
 * This module is loaded only when a log opens: `import('./logPanel')`.
 */
import type { ILabShell, JupyterFrontEnd } from '@jupyterlab/application';
import { Dialog, MainAreaWidget } from '@jupyterlab/apputils';
import { ReactWidget, textEditorIcon } from '@jupyterlab/ui-components';
import { Poll } from '@lumino/polling';
import * as React from 'react';

import type { IApp, IAppLog, IDataForestAPI } from './api';
import { ILogViewState, LogView } from './components/LogView';
import { describeFailure } from './failure';
import type { Trans } from './i18n';
import { runLabel } from './runText';
import { when } from './util';

export interface ILogViewerOptions {
  api: IDataForestAPI;
  trans: Trans;
  app: IApp;
  container: string;
  /** The first read (made before opening, to know that the server serves it). */
  first: IAppLog;
  /** How often it reads the log again while the app runs, in ms. */
  interval: number;
}

let opened = 0;

/** The log's text, read again every `interval` until the app has ended. */
class LogViewer extends ReactWidget {
  constructor(private readonly _options: ILogViewerOptions) {
    super();
    this.addClass('ncp-df-log-body');
    this._view = this._viewOf(_options.first);
    this._poll = new Poll({
      auto: false,
      factory: () => this._read(),
      frequency: {
        interval: _options.interval,
        backoff: true,
        max: _options.interval * 6
      },
      name: '@ncp-df/jupyter:log',
      standby: 'when-hidden'
    });
    if (!_options.first.finished) {
      // The first read is the one made before opening: the next one after an interval.
      void this._poll.schedule({
        interval: _options.interval,
        phase: 'started'
      });
    }
  }

  get heading(): string {
    const { app, container, trans } = this._options;
    return trans.__('Log of %1 (%2)', runLabel(app), container);
  }

  override dispose(): void {
    if (!this.isDisposed) {
      this._poll.dispose();
    }
    super.dispose();
  }

  protected override render(): JSX.Element {
    return React.createElement(LogView, {
      title: `${runLabel(this._options.app)} / ${this._options.container}`,
      view: this._view,
      trans: this._options.trans
    });
  }

  private async _read(): Promise<void> {
    const { api, app, container, trans } = this._options;
    try {
      const log = await api.appLog(app.id, container);
      this._view = this._viewOf(log);
      if (log.finished) {
        void this._poll.stop(); // it will not grow again
      }
    } catch (error) {
      this._view = {
        ...this._view,
        problem: describeFailure(error, trans).text
      };
      throw error; // back off
    } finally {
      this.update();
    }
  }

  private _viewOf(log: IAppLog): ILogViewState {
    return {
      text: typeof log.log === 'string' ? log.log : '',
      state: log.state,
      following: !log.finished,
      problem: null,
      updated: when(new Date().toISOString())
    };
  }

  private _view: ILogViewState;
  private _poll: Poll;
}

/** Open the log where the application has room for it. */
export function openLogViewer(
  app: JupyterFrontEnd,
  labShell: ILabShell | null,
  options: ILogViewerOptions
): void {
  const body = new LogViewer(options);
  const title = body.heading;
  if (labShell) {
    const panel = new MainAreaWidget({ content: body });
    panel.id = `ncp-df-log-${++opened}`;
    panel.addClass('ncp-df-log-panel');
    panel.title.label = title;
    panel.title.caption = title;
    panel.title.icon = textEditorIcon;
    panel.title.closable = true;
    app.shell.add(panel, 'main');
    app.shell.activateById(panel.id);
    return;
  }
  const dialog = new Dialog({
    title,
    body,
    buttons: [Dialog.okButton({ label: options.trans.__('Close') })],
    hasClose: true
  });
  dialog.addClass('ncp-df-log-dialog');
  void dialog.launch().then(() => body.dispose());
}
