/**
 * The commands of the sidebar: show it, refresh it, open the form, sort the
 * list. Their labels are translated here (the DataForest menu and the
 * palette show them); schema/plugin.json puts them in the DataForest menu.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import type { ICommandPalette } from '@jupyterlab/apputils';
import { addIcon, refreshIcon } from '@jupyterlab/ui-components';

import type { Trans } from './i18n';
import { treeIcon } from './icons';
import type { SidebarModel } from './model';
import { SORT_ORDERS, SortOrder } from './sorting';

export namespace CommandIDs {
  export const open = 'ncp-df:open';
  export const refresh = 'ncp-df:refresh';
  export const newWorkspace = 'ncp-df:new-workspace';
  export const sort = 'ncp-df:sort';
}

/** What the commands act on (the plugin provides it). */
export interface ICommandContext {
  app: JupyterFrontEnd;
  model: SidebarModel;
  trans: Trans;
  /** Show the panel. */
  show(): void;
  /** Refresh the panel's list now. */
  refresh(): Promise<void>;
  /** Open the new-workspace form (the panel's account preselected). */
  newWorkspace(): void;
}

/** A sort order's name in the sort menu. */
export function sortLabel(order: SortOrder, trans: Trans): string {
  switch (order) {
    case 'newest':
      return trans.__('Newest first');
    case 'oldest':
      return trans.__('Oldest first');
    case 'name':
      return trans.__('Name (A–Z)');
  }
}

function isSortOrder(value: unknown): value is SortOrder {
  return SORT_ORDERS.includes(value as SortOrder);
}

/** Register the commands, and put them in the palette when there is one. */
export function addCommands(
  context: ICommandContext,
  palette: ICommandPalette | null
): void {
  const { app, model, trans } = context;
  const { commands } = app;
  commands.addCommand(CommandIDs.open, {
    label: trans.__('Show DataForest Workspaces'),
    caption: trans.__('Show the DataForest workspaces panel'),
    icon: treeIcon,
    execute: () => context.show()
  });
  commands.addCommand(CommandIDs.refresh, {
    label: trans.__('Refresh DataForest Workspaces'),
    caption: trans.__('Refresh'),
    icon: refreshIcon,
    isEnabled: () => !model.loading,
    execute: () => context.refresh()
  });
  commands.addCommand(CommandIDs.newWorkspace, {
    label: trans.__('New DataForest Workspace'),
    caption: trans.__('New workspace'),
    icon: addIcon,
    isEnabled: () => !model.blocked,
    execute: () => context.newWorkspace()
  });
  commands.addCommand(CommandIDs.sort, {
    label: args =>
      isSortOrder(args.order)
        ? sortLabel(args.order, trans)
        : trans.__('Sort DataForest Workspaces'),
    isToggleable: true,
    isToggled: args => args.order === model.sort,
    execute: args => {
      if (isSortOrder(args.order)) {
        model.setSort(args.order);
      }
    }
  });
  // The buttons follow the panel's state (disabled while it cannot act).
  model.changed.connect(() => {
    commands.notifyCommandChanged(CommandIDs.refresh);
    commands.notifyCommandChanged(CommandIDs.newWorkspace);
    commands.notifyCommandChanged(CommandIDs.sort);
  });
  if (palette) {
    const category = 'DataForest';
    for (const command of [
      CommandIDs.open,
      CommandIDs.refresh,
      CommandIDs.newWorkspace
    ]) {
      palette.addItem({ command, category });
    }
  }
}
