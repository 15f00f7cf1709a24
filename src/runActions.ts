/**
 * What the Runs section's buttons do, and Run on a workspace: start an AI
 * app (POST apps), kill one after a dialog naming it, open a container's log
 * (the viewer's code is loaded only then), insert code, and say when a run
 * started from this Lab ends.
 */
import type { ILabShell, JupyterFrontEnd } from '@jupyterlab/application';
import {
  Dialog,
  InputDialog,
  Notification,
  showDialog
} from '@jupyterlab/apputils';
import type { INotebookTracker } from '@jupyterlab/notebook';

import type { IApp, IAppDetail, IDataForestAPI, IWorkspace } from './api';
import { runCodeFor } from './code';
import type { IRunActions } from './components/RunActions';
import { describeFailure } from './failure';
import type { Trans } from './i18n';
import type { SidebarModel } from './model';
import { insertCode } from './notebook';
import { logPageOf } from './logPage';
import { containersOf, RunsModel } from './runs';
import { outcomeLabel, runLabel } from './runText';
import { messageOf } from './util';

/** What the run actions act with. */
export interface IRunContext {
  app: JupyterFrontEnd;
  labShell: ILabShell | null;
  api: IDataForestAPI;
  sidebar: SidebarModel;
  runs: RunsModel;
  notebooks: INotebookTracker | null;
  trans: Trans;
  /** A run this Lab started: shown in the Runs section and followed to its end. */
  started: (app: IAppDetail) => void;
}

/** The Runs section's actions, and Run on a workspace. */
export interface ISidebarRunActions extends IRunActions {
  run(workspace: IWorkspace): void;
}

export function createRunActions(context: IRunContext): ISidebarRunActions {
  return {
    run: workspace => void runWorkspace(context, workspace),
    kill: app => void kill(context, app),
    openLog: (app, container) => void openLog(context, app, container),
    insertCode: app => insertRunCode(context, app)
  };
}

/** Start an AI app from a workspace, with the name prefix a person may give. */
async function runWorkspace(
  context: IRunContext,
  workspace: IWorkspace
): Promise<void> {
  const { api, trans } = context;
  const answer = await InputDialog.getText({
    title: trans.__('Run %1', workspace.name),
    label: trans.__(
      'Run the configuration of workspace %1 as an AI app. Name prefix (empty: from the workspace’s name):',
      workspace.name
    ),
    placeholder: trans.__('from the workspace’s name'),
    okLabel: trans._p('button', 'Run'),
    cancelLabel: trans.__('Cancel')
  });
  if (!answer.button.accept) {
    return;
  }
  const namePrefix = (answer.value ?? '').trim();
  try {
    const app = await api.submitApp({
      aiWorkspaceId: workspace.id,
      ...(namePrefix ? { namePrefix } : {})
    });
    context.started(app);
    Notification.info(
      trans.__('Started AI app %1 from %2.', runLabel(app), workspace.name),
      { autoClose: 5000 }
    );
  } catch (error) {
    Notification.error(describeFailure(error, trans).text, {
      autoClose: false
    });
  }
}

/** Kill a run once a person has confirmed it; the list is read again after. */
async function kill(context: IRunContext, app: IApp): Promise<void> {
  const { api, runs, trans } = context;
  const name = runLabel(app);
  const answer = await showDialog({
    title: trans.__('Kill AI app'),
    body: trans.__(
      'Kill the AI app %1 (id %2, from workspace %3)? It stops at once; this cannot be undone.',
      name,
      app.id,
      app.workspaceName ?? '—'
    ),
    buttons: [
      Dialog.cancelButton({ label: trans.__('Cancel') }),
      Dialog.warnButton({
        label: trans._p('button', 'Kill'),
        ariaLabel: trans.__('Kill %1', name)
      })
    ]
  });
  if (!answer.button.accept) {
    return;
  }
  try {
    runs.replace(await api.killApp(app.id));
    Notification.success(trans.__('Asked DataForest to kill %1.', name), {
      autoClose: 5000
    });
  } catch (error) {
    Notification.error(describeFailure(error, trans).text, {
      autoClose: false
    });
  }
  await runs.poll(true);
}

/** A container's log in the viewer; a log the server does not serve, in a new tab. */
async function openLog(
  context: IRunContext,
  app: IApp,
  container: string
): Promise<void> {
  const { api, runs, trans } = context;
  const detail = runs.expandedId === app.id ? runs.detail : null;
  const logUrl = containersOf(detail).find(([name]) => name === container)?.[1]
    .logUrl;
  let first;
  try {
    first = await api.appLog(app.id, container);
  } catch (error) {
    const page = logPageOf(error, logUrl);
    if (page) {
      // Opened from the notification's own button: a tab opened after the
      // request failed would be a popup the browser may block, silently.
      Notification.info(
        trans.__(
          'The server cannot show the log of %1; its page can open in a new tab.',
          container
        ),
        {
          autoClose: false,
          actions: [
            {
              label: trans.__('Open log page'),
              callback: () => {
                window.open(page, '_blank', 'noopener,noreferrer');
              }
            }
          ]
        }
      );
    } else {
      Notification.error(describeFailure(error, trans).text, {
        autoClose: false
      });
    }
    return;
  }
  try {
    const { openLogViewer } = await import('./logPanel');
    openLogViewer(context.app, context.labShell, {
      api,
      trans,
      app,
      container,
      first,
      interval: Math.min(context.sidebar.preferences.refreshInterval, 3000)
    });
  } catch (error) {
    Notification.error(
      trans.__('The log viewer could not be opened: %1', messageOf(error)),
      { autoClose: false }
    );
  }
}

function insertRunCode(context: IRunContext, app: IApp): void {
  const { notebooks, sidebar, trans } = context;
  if (!notebooks) {
    Notification.warning(
      trans.__('Notebooks are not available in this application.')
    );
    return;
  }
  const code = runCodeFor(
    app,
    sidebar.accountId,
    sidebar.preferences.insertCodeStyle
  );
  if (code === null) {
    Notification.warning(
      trans.__(
        'No code can be written for this AI app: DataForest gave it an id of an unexpected shape.'
      )
    );
    return;
  }
  insertCode(context.app, notebooks, code).catch((error: unknown) =>
    Notification.error(
      trans.__('Could not insert the code: %1', messageOf(error))
    )
  );
}

/** Say that a run started from this Lab has ended, and how. */
export function announceEnded(app: IApp, trans: Trans): void {
  const name = runLabel(app);
  const how = outcomeLabel(String(app.outcome), trans);
  const text = trans.__('AI app %1 has ended: %2.', name, how);
  if (app.outcome === 'succeeded') {
    Notification.success(text, { autoClose: false });
  } else if (app.outcome === 'failed') {
    Notification.error(text, { autoClose: false });
  } else {
    Notification.info(text, { autoClose: false });
  }
}
