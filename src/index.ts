import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ISettingRegistry } from '@jupyterlab/settingregistry';

import { DataForestSidebar, IPreferences } from './sidebar';

const PLUGIN_ID = '@ncp-df/jupyter:plugin';

/** Read the preferences out of the loaded settings. */
function readPreferences(
  settings: ISettingRegistry.ISettings
): Partial<IPreferences> {
  const preferences: Partial<IPreferences> = {};
  const interval = settings.get('refreshInterval').composite;
  if (typeof interval === 'number') {
    preferences.refreshInterval = interval;
  }
  const account = settings.get('defaultAccount').composite;
  if (typeof account === 'string') {
    preferences.defaultAccount = account;
  }
  return preferences;
}

/**
 * Adds the DataForest panel to the left sidebar.
 */
const plugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'A sidebar for NAVER Cloud DataForest AI workspaces.',
  autoStart: true,
  optional: [ISettingRegistry, ILayoutRestorer],
  activate: (
    app: JupyterFrontEnd,
    settingRegistry: ISettingRegistry | null,
    restorer: ILayoutRestorer | null
  ): void => {
    const sidebar = new DataForestSidebar({
      serverSettings: app.serviceManager.serverSettings
    });
    app.shell.add(sidebar, 'left', { rank: 600 });
    if (restorer) {
      restorer.add(sidebar, sidebar.id);
    }

    if (settingRegistry) {
      settingRegistry
        .load(PLUGIN_ID)
        .then(settings => {
          const apply = (): void => {
            sidebar.setPreferences(readPreferences(settings));
          };
          apply();
          settings.changed.connect(apply);
        })
        .catch((reason: unknown) => {
          console.error(`Failed to load the settings of ${PLUGIN_ID}.`, reason);
        });
    }
  }
};

export default plugin;
