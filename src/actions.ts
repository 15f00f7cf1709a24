/**
 * What the sidebar's buttons do in JupyterLab: open the form, delete after a
 * confirmation, copy an id, insert code into a notebook.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import {
  Clipboard,
  Dialog,
  Notification,
  showDialog
} from '@jupyterlab/apputils';
import type { INotebookTracker } from '@jupyterlab/notebook';

import type { IDataForestAPI, IWorkspace } from './api';
import { codeFor, NO_CODE } from './code';
import { NewWorkspacePanel } from './components/NewWorkspaceForm';
import type { ISidebarActions } from './components/Sidebar';
import type { SidebarModel } from './model';
import { insertCode } from './notebook';
import { messageOf } from './util';

/** What the actions act with. */
export interface IActionContext {
  app: JupyterFrontEnd;
  api: IDataForestAPI;
  model: SidebarModel;
  notebooks: INotebookTracker | null;
  /** Refresh the sidebar after a change. */
  refresh: () => Promise<void>;
}

/** The sidebar's actions, bound to the application. */
export function createActions(context: IActionContext): ISidebarActions {
  return {
    // Preselect the sidebar's account, unless this key may not use it.
    newWorkspace: accountId =>
      openForm(context, context.model.account?.disabled ? null : accountId),
    copyId,
    insertCode: workspace => insertWorkspaceCode(context, workspace),
    remove: workspace => void remove(context, workspace)
  };
}

/** The new-workspace form in a main-area tab; closed once it has created. */
function openForm(context: IActionContext, accountId: string | null): void {
  const { app, api } = context;
  const panel: NewWorkspacePanel = new NewWorkspacePanel({
    api,
    accountId,
    onCreated: () => {
      panel.close();
      void context.refresh();
    }
  });
  app.shell.add(panel, 'main');
  app.shell.activateById(panel.id);
}

/** Delete a workspace once a person has confirmed it. */
async function remove(
  context: IActionContext,
  workspace: IWorkspace
): Promise<void> {
  const answer = await showDialog({
    title: 'Delete workspace',
    body: `Delete the DataForest workspace ${workspace.name} (id ${workspace.id})? This cannot be undone.`,
    buttons: [
      Dialog.cancelButton(),
      Dialog.warnButton({ label: 'Delete', ariaLabel: 'Delete' })
    ]
  });
  if (!answer.button.accept) {
    return;
  }
  try {
    await context.api.deleteWorkspace(workspace.id);
    Notification.success(`Deleted DataForest workspace ${workspace.name}.`, {
      autoClose: 5000
    });
  } catch (error) {
    Notification.error(messageOf(error), { autoClose: false });
  }
  await context.refresh();
}

function copyId(workspace: IWorkspace): void {
  Clipboard.copyToSystem(workspace.id);
  Notification.info(`Copied the id of ${workspace.name}: ${workspace.id}`, {
    autoClose: 3000
  });
}

/** The workspace's code into the current notebook (in the preferred style). */
function insertWorkspaceCode(
  context: IActionContext,
  workspace: IWorkspace
): void {
  const { app, model, notebooks } = context;
  if (!notebooks) {
    Notification.warning('Notebooks are not available in this JupyterLab.');
    return;
  }
  const code = codeFor(
    workspace,
    model.accountId,
    model.preferences.insertCodeStyle
  );
  if (code === null) {
    Notification.warning(NO_CODE);
    return;
  }
  insertCode(app, notebooks, code).catch((error: unknown) =>
    Notification.error(`Could not insert the code: ${messageOf(error)}`)
  );
}
