import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';

import { createActions } from './actions';
import { DataForestAPI } from './api';
import { DataForestSidebar, ISidebarActions } from './components/Sidebar';
import { treeIcon } from './icons';
import { IPreferences, SidebarModel } from './model';

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

/** The commands (show, refresh, new workspace), in the palette when there is one. */
function addCommands(
  app: JupyterFrontEnd,
  sidebar: DataForestSidebar,
  actions: ISidebarActions,
  palette: ICommandPalette | null
): void {
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
    execute: () => actions.newWorkspace(sidebar.model.accountId)
  });
  if (palette) {
    const category = 'DataForest';
    for (const command of Object.values(CommandIDs)) {
      palette.addItem({ command, category });
    }
  }
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
    const actions = createActions({
      app,
      api,
      model,
      notebooks,
      refresh: () => sidebar.refresh()
    });
    const sidebar = new DataForestSidebar({ model, actions });
    app.shell.add(sidebar, 'left', { rank: 600 });
    if (restorer) {
      restorer.add(sidebar, sidebar.id);
    }
    addCommands(app, sidebar, actions, palette);
    settings.changed.connect(() =>
      sidebar.setPreferences(preferencesOf(settings))
    );
  }
};

export default plugin;
