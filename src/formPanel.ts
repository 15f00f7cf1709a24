/**
 * Where the workspace form opens: a main-area tab in JupyterLab, a dialog in
 * Notebook 7 (whose main area holds its one page and ignores more widgets).
 *
 * This module and what it imports (the form, its checks, the shared ajv
 * validator) are loaded only when a form opens: `import('./formPanel')`.
 */
import type { ILabShell, JupyterFrontEnd } from '@jupyterlab/application';
import { Dialog, MainAreaWidget } from '@jupyterlab/apputils';
import { editIcon, ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';

import { WorkspaceForm } from './components/form/WorkspaceForm';
import type { IWorkspaceFormOptions } from './formState';
import { treeIcon } from './icons';

let opened = 0;

/** The form as a widget; `finish` is how it goes away (tab closed, dialog done). */
class WorkspaceFormWidget extends ReactWidget {
  constructor(
    private readonly _options: IWorkspaceFormOptions,
    private readonly _escapeCloses: boolean
  ) {
    super();
    this.addClass('ncp-df-form-body');
  }

  /** How the form goes away: replaced by whoever shows it. */
  finish: () => void = () => this.dispose();

  protected override render(): JSX.Element {
    return React.createElement(WorkspaceForm, {
      options: this._options,
      close: () => this.finish(),
      escapeCloses: this._escapeCloses
    });
  }
}

/**
 * A dialog that leaves the keys to the form: Enter in a text box types on
 * (Ctrl+Enter creates), and a click beside the dialog keeps what was typed.
 * Esc still cancels.
 */
class FormDialog extends Dialog<void> {
  override handleEvent(event: Event): void {
    const inBody =
      event.target instanceof Node &&
      !!this.node.querySelector('.jp-Dialog-body')?.contains(event.target);
    if (
      event.type === 'keydown' &&
      (event as KeyboardEvent).key === 'Enter' &&
      inBody
    ) {
      return;
    }
    const inContent =
      event.target instanceof Node &&
      !!this.node.querySelector('.jp-Dialog-content')?.contains(event.target);
    if (event.type === 'click' && !inContent) {
      return;
    }
    super.handleEvent(event);
  }
}

function title(options: IWorkspaceFormOptions): string {
  const { trans } = options;
  return options.mode === 'edit'
    ? trans.__('Edit %1', options.workspace.name)
    : trans.__('New workspace');
}

/** Open the form where the application has room for it. */
export function openWorkspaceForm(
  app: JupyterFrontEnd,
  labShell: ILabShell | null,
  options: IWorkspaceFormOptions
): void {
  if (labShell) {
    const body = new WorkspaceFormWidget(options, true);
    const panel = new MainAreaWidget({ content: body });
    panel.id = `ncp-df-form-${++opened}`;
    panel.addClass('ncp-df-form-panel');
    panel.title.label = title(options);
    panel.title.caption = title(options);
    panel.title.icon = options.mode === 'edit' ? editIcon : treeIcon;
    panel.title.closable = true;
    body.finish = () => panel.close();
    app.shell.add(panel, 'main');
    app.shell.activateById(panel.id);
    return;
  }
  const body = new WorkspaceFormWidget(options, false);
  const dialog = new FormDialog({
    title: title(options),
    body,
    buttons: [],
    hasClose: true
  });
  dialog.addClass('ncp-df-form-dialog');
  body.finish = () => dialog.reject();
  void dialog.launch();
}
