import {
  ILabShell,
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator } from '@jupyterlab/translation';

import { createActions } from './actions';
import { DataForestAPI } from './api';
import { addCommands } from './commands';
import { DataForestSidebar } from './components/Sidebar';
import { bundle } from './i18n';
import { IPreferences, SidebarModel } from './model';
import { announceEnded, createRunActions } from './runActions';
import { RunsModel } from './runs';

const PLUGIN_ID = '@ncp-df/jupyter:plugin';

/** The preferences: the settings' composite, defaults and rules applied. */
function preferencesOf(settings: ISettingRegistry.ISettings): IPreferences {
  return settings.composite as unknown as IPreferences;
}

/**
 * Adds the DataForest panel to the left sidebar, with the new-workspace form,
 * "Insert code" into notebooks and commands for the DataForest menu and the
 * palette. The same bundle runs in JupyterLab and Notebook 7: where there is
 * no JupyterLab shell (Notebook), the form opens in a dialog.
 */
const plugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'A sidebar for NAVER Cloud DataForest AI workspaces.',
  autoStart: true,
  requires: [ISettingRegistry, ITranslator],
  optional: [ILabShell, ILayoutRestorer, INotebookTracker, ICommandPalette],
  activate: async (
    app: JupyterFrontEnd,
    settingRegistry: ISettingRegistry,
    translator: ITranslator,
    labShell: ILabShell | null,
    restorer: ILayoutRestorer | null,
    notebooks: INotebookTracker | null,
    palette: ICommandPalette | null
  ): Promise<void> => {
    const trans = bundle(translator);
    const settings = await settingRegistry.load(PLUGIN_ID);
    const api = new DataForestAPI(app.serviceManager.serverSettings);
    const model = new SidebarModel(api, preferencesOf(settings));
    const runs = new RunsModel(api);
    runs.ended.connect((_, app) => announceEnded(app, trans));
    const runActions = createRunActions({
      app,
      labShell,
      api,
      sidebar: model,
      runs,
      notebooks,
      trans,
      started: started => sidebar.runStarted(started)
    });
    const actions = createActions({
      app,
      labShell,
      api,
      model,
      notebooks,
      trans,
      refresh: () => sidebar.refresh(),
      run: workspace => runActions.run(workspace)
    });
    addCommands(
      {
        app,
        model,
        trans,
        show: () => app.shell.activateById(sidebar.id),
        refresh: () => sidebar.refresh(),
        newWorkspace: () => actions.newWorkspace()
      },
      palette
    );
    const sidebar = new DataForestSidebar({
      model,
      actions,
      runs,
      runActions,
      trans,
      translator,
      commands: app.commands
    });
    app.shell.add(sidebar, 'left', { rank: 600 });
    if (restorer) {
      restorer.add(sidebar, sidebar.id);
    }
    settings.changed.connect(() =>
      sidebar.setPreferences(preferencesOf(settings))
    );
  }
};

export default plugin;
