/**
 * What the sidebar's buttons do: open the form (its code is loaded only
 * then), delete after a confirmation, copy an id, insert code into a notebook.
 */
import type { ILabShell, JupyterFrontEnd } from '@jupyterlab/application';
import {
  Clipboard,
  Dialog,
  Notification,
  showDialog
} from '@jupyterlab/apputils';
import type { INotebookTracker } from '@jupyterlab/notebook';

import type { IDataForestAPI, IWorkspace } from './api';
import { codeFor, noCodeReason } from './code';
import type { IWorkspaceActions } from './components/WorkspaceActions';
import { describeFailure } from './failure';
import type { Trans } from './i18n';
import type { SidebarModel } from './model';
import { insertCode } from './notebook';
import { messageOf } from './util';

/** What the actions act with. */
export interface IActionContext {
  app: JupyterFrontEnd;
  /** null in Notebook 7, which has no main-area tabs: the form opens in a dialog. */
  labShell: ILabShell | null;
  api: IDataForestAPI;
  model: SidebarModel;
  notebooks: INotebookTracker | null;
  trans: Trans;
  /** Refresh the sidebar after a change. */
  refresh: () => Promise<void>;
  /** Run an AI app from a workspace (runActions.ts). */
  run: (workspace: IWorkspace) => void;
}

/** The sidebar's actions, and New workspace, bound to the application. */
export interface ISidebarActions extends IWorkspaceActions {
  newWorkspace(): void;
}

export function createActions(context: IActionContext): ISidebarActions {
  return {
    newWorkspace: () => void openForm(context, { mode: 'create' }),
    startFrom: workspace =>
      void openForm(context, { mode: 'create', startFrom: workspace }),
    edit: workspace => void openForm(context, { mode: 'edit', workspace }),
    copyId: workspace => copyId(context, workspace),
    insertCode: workspace => insertWorkspaceCode(context, workspace),
    remove: workspace => void remove(context, workspace),
    run: workspace => context.run(workspace)
  };
}

/** The form, in a main-area tab (JupyterLab) or a dialog (Notebook 7). */
async function openForm(
  context: IActionContext,
  what:
    | { mode: 'create'; startFrom?: IWorkspace }
    | { mode: 'edit'; workspace: IWorkspace }
): Promise<void> {
  const { app, labShell, api, model, trans } = context;
  // Preselect the sidebar's account, unless this key may not use it.
  const accountId = model.account?.disabled ? null : model.accountId;
  try {
    const { openWorkspaceForm } = await import('./formPanel');
    openWorkspaceForm(app, labShell, {
      ...what,
      api,
      trans,
      accountId,
      budget: model.status?.timeoutSeconds,
      onDone: () => void context.refresh()
    });
  } catch (error) {
    // The form's code could not be loaded (a server gone, a host app without
    // the shared modules): the sidebar itself keeps working.
    Notification.error(
      trans.__('The form could not be opened: %1', messageOf(error)),
      { autoClose: false }
    );
  }
}

/** Delete a workspace once a person has confirmed it. */
async function remove(
  context: IActionContext,
  workspace: IWorkspace
): Promise<void> {
  const { trans } = context;
  const answer = await showDialog({
    title: trans.__('Delete workspace'),
    body: trans.__(
      'Delete the DataForest workspace %1 (id %2)? This cannot be undone.',
      workspace.name,
      workspace.id
    ),
    buttons: [
      Dialog.cancelButton({ label: trans.__('Cancel') }),
      Dialog.warnButton({
        label: trans._p('button', 'Delete'),
        ariaLabel: trans.__('Delete %1', workspace.name)
      })
    ]
  });
  if (!answer.button.accept) {
    return;
  }
  try {
    await context.model.during(context.api.deleteWorkspace(workspace.id));
    Notification.success(
      trans.__('Deleted DataForest workspace %1.', workspace.name),
      { autoClose: 5000 }
    );
  } catch (error) {
    Notification.error(describeFailure(error, trans).text, {
      autoClose: false
    });
  }
  await context.refresh();
}

function copyId(context: IActionContext, workspace: IWorkspace): void {
  Clipboard.copyToSystem(workspace.id);
  Notification.info(
    context.trans.__('Copied the id of %1: %2', workspace.name, workspace.id),
    { autoClose: 3000 }
  );
}

/** The workspace's code into the current notebook (in the preferred style). */
function insertWorkspaceCode(
  context: IActionContext,
  workspace: IWorkspace
): void {
  const { app, model, notebooks, trans } = context;
  if (!notebooks) {
    Notification.warning(
      trans.__('Notebooks are not available in this application.')
    );
    return;
  }
  const code = codeFor(
    workspace,
    model.accountId,
    model.preferences.insertCodeStyle
  );
  if (code === null) {
    Notification.warning(noCodeReason(trans));
    return;
  }
  insertCode(app, notebooks, code).catch((error: unknown) =>
    Notification.error(
      trans.__('Could not insert the code: %1', messageOf(error))
    )
  );
}
