import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  Clipboard,
  Dialog,
  ICommandPalette,
  Notification,
  showDialog
} from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';

import { DataForestAPI, IWorkspace } from './api';
import { codeFor } from './code';
import { NewWorkspacePanel } from './components/NewWorkspaceForm';
import { treeIcon } from './icons';
import { IPreferences, SidebarModel } from './model';
import { insertCode } from './notebook';
import { DataForestSidebar, ISidebarActions } from './components/Sidebar';
import { messageOf } from './util';

const PLUGIN_ID = '@ncp-df/jupyter:plugin';

namespace CommandIDs {
  export const open = 'ncp-df:open';
  export const refresh = 'ncp-df:refresh';
  export const newWorkspace = 'ncp-df:new-workspace';
}

/** The preferences: the settings' composite, defaults and rules applied. */
function preferencesOf(settings: ISettingRegistry.ISettings): IPreferences {
  return settings.composite as unknown as IPreferences;
}

/**
 * Adds the DataForest panel to the left sidebar, with the new-workspace form,
 * "Insert code" into notebooks and commands for the palette.
 */
const plugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'A sidebar for NAVER Cloud DataForest AI workspaces.',
  autoStart: true,
  requires: [ISettingRegistry],
  optional: [ILayoutRestorer, INotebookTracker, ICommandPalette],
  activate: async (
    app: JupyterFrontEnd,
    settingRegistry: ISettingRegistry,
    restorer: ILayoutRestorer | null,
    notebooks: INotebookTracker | null,
    palette: ICommandPalette | null
  ): Promise<void> => {
    const settings = await settingRegistry.load(PLUGIN_ID);
    const api = new DataForestAPI(app.serviceManager.serverSettings);
    const model = new SidebarModel(api, preferencesOf(settings));

    const openForm = (accountId: string | null): void => {
      const panel: NewWorkspacePanel = new NewWorkspacePanel({
        api,
        accountId,
        onCreated: () => {
          panel.close();
          void sidebar.refresh();
        }
      });
      app.shell.add(panel, 'main');
      app.shell.activateById(panel.id);
    };

    const remove = async (workspace: IWorkspace): Promise<void> => {
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
        await api.deleteWorkspace(workspace.id);
        Notification.success(
          `Deleted DataForest workspace ${workspace.name}.`,
          { autoClose: 5000 }
        );
      } catch (error) {
        Notification.error(messageOf(error), { autoClose: false });
      }
      await sidebar.refresh();
    };

    const actions: ISidebarActions = {
      // Preselect the sidebar's account, unless this key may not use it.
      newWorkspace: accountId =>
        openForm(model.account?.disabled ? null : accountId),
      copyId: workspace => {
        Clipboard.copyToSystem(workspace.id);
        Notification.info(
          `Copied the id of ${workspace.name}: ${workspace.id}`,
          {
            autoClose: 3000
          }
        );
      },
      insertCode: workspace => {
        if (!notebooks) {
          Notification.warning(
            'Notebooks are not available in this JupyterLab.'
          );
          return;
        }
        const code = codeFor(
          workspace,
          model.accountId,
          model.preferences.insertCodeStyle
        );
        insertCode(app, notebooks, code).catch((error: unknown) =>
          Notification.error(`Could not insert the code: ${messageOf(error)}`)
        );
      },
      remove: workspace => void remove(workspace)
    };

    const sidebar = new DataForestSidebar({ model, actions });
    app.shell.add(sidebar, 'left', { rank: 600 });
    if (restorer) {
      restorer.add(sidebar, sidebar.id);
    }

    app.commands.addCommand(CommandIDs.open, {
      label: 'Show DataForest Workspaces',
      icon: treeIcon,
      execute: () => app.shell.activateById(sidebar.id)
    });
    app.commands.addCommand(CommandIDs.refresh, {
      label: 'Refresh DataForest Workspaces',
      execute: () => sidebar.refresh()
    });
    app.commands.addCommand(CommandIDs.newWorkspace, {
      label: 'New DataForest Workspace',
      icon: treeIcon,
      execute: () => actions.newWorkspace(model.accountId)
    });
    if (palette) {
      const category = 'DataForest';
      for (const command of Object.values(CommandIDs)) {
        palette.addItem({ command, category });
      }
    }

    settings.changed.connect(() =>
      sidebar.setPreferences(preferencesOf(settings))
    );
  }
};

export default plugin;
