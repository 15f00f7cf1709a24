import type { JupyterFrontEnd } from '@jupyterlab/application';
import {
  INotebookTracker,
  NotebookActions,
  NotebookPanel
} from '@jupyterlab/notebook';

/**
 * Put `code` into a code cell of the current notebook, below the active cell
 * (or into the active cell when it is an empty code cell). Without an open
 * notebook a new one is created with the default kernel.
 *
 * @returns the notebook that received the code.
 */
export async function insertCode(
  app: JupyterFrontEnd,
  tracker: INotebookTracker,
  code: string
): Promise<NotebookPanel> {
  let panel = tracker.currentWidget;
  if (!panel) {
    const kernelName =
      app.serviceManager.kernelspecs.specs?.default ?? undefined;
    panel = (await app.commands.execute('notebook:create-new', {
      kernelName
    })) as NotebookPanel;
  }
  await panel.context.ready;
  const notebook = panel.content;
  const active = notebook.activeCell;
  const reuse =
    active !== null &&
    active.model.type === 'code' &&
    active.model.sharedModel.getSource().trim() === '';
  if (!reuse) {
    NotebookActions.insertBelow(notebook);
    NotebookActions.changeCellType(notebook, 'code');
  }
  notebook.activeCell?.model.sharedModel.setSource(code);
  app.shell.activateById(panel.id);
  return panel;
}
