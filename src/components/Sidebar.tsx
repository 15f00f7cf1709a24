import type { CommandRegistry } from '@lumino/commands';
import {
  addToolbarButtonClass,
  CommandToolbarButton,
  filterListIcon,
  MenuSvg,
  ReactWidget,
  SidePanel,
  ToolbarButtonComponent,
  UseSignal
} from '@jupyterlab/ui-components';
import type { ITranslator } from '@jupyterlab/translation';
import type { Message } from '@lumino/messaging';
import { IPoll, Poll } from '@lumino/polling';
import { Signal } from '@lumino/signaling';
import { AccordionPanel, Widget } from '@lumino/widgets';
import * as React from 'react';

import { CommandIDs, sortLabel } from '../commands';
import type { Trans } from '../i18n';
import { treeIcon } from '../icons';
import type { IAppDetail } from '../api';
import { IPreferences, SidebarModel } from '../model';
import type { RunsModel } from '../runs';
import { SORT_ORDERS } from '../sorting';
import { ErrorBoundary } from './ErrorBoundary';
import type { IRunActions } from './RunActions';
import { RunsSection } from './RunsSection';
import { SidebarBody } from './SidebarBody';
import type { IWorkspaceActions } from './WorkspaceActions';

/** Id of the sidebar widget in the left area. */
const SIDEBAR_ID = 'ncp-df-sidebar';

/** The panel's body, drawn again whenever the model changes. */
class SidebarBodyWidget extends ReactWidget {
  constructor(private readonly _options: DataForestSidebar.IOptions) {
    super();
    this.addClass('ncp-df-body-widget');
    this.id = 'ncp-df-workspaces';
    this.title.label = _options.trans.__('Workspaces');
    _options.model.changed.connect(() => this.update(), this);
  }

  protected override render(): JSX.Element {
    const { model, actions, trans } = this._options;
    // Whatever the answers hold, the panel stays: the next refresh draws again.
    return (
      <ErrorBoundary
        what={trans.__('The DataForest panel')}
        resetKey={model.workspaces}
        trans={trans}
      >
        <SidebarBody model={model} actions={actions} trans={trans} />
      </ErrorBoundary>
    );
  }
}

/** The title in the panel's header. */
function titleWidget(trans: Trans): Widget {
  const node = document.createElement('h2');
  node.className = 'ncp-df-title';
  node.textContent = trans.__('DataForest');
  return new Widget({ node });
}

/** The sort button and its menu (newest first, oldest first, by name). */
function sortButton(
  commands: CommandRegistry,
  model: SidebarModel,
  trans: Trans
): Widget {
  const menu = new MenuSvg({ commands });
  for (const order of SORT_ORDERS) {
    menu.addItem({ command: CommandIDs.sort, args: { order } });
  }
  const button = ReactWidget.create(
    <UseSignal signal={model.changed}>
      {() => (
        <ToolbarButtonComponent
          icon={filterListIcon}
          tooltip={trans.__('Sort: %1', sortLabel(model.sort, trans))}
          aria-haspopup="menu"
          onClick={() => {
            const box = button.node.getBoundingClientRect();
            menu.open(box.left, box.bottom);
          }}
        />
      )}
    </UseSignal>
  );
  return addToolbarButtonClass(button);
}

/**
 * The DataForest panel of the left sidebar: a fixed header and toolbar (New
 * workspace, Refresh, Sort), then two sections, as JupyterLab's own panels
 * have them: Workspaces (the account, the filter and the list) and Runs (the
 * account's AI apps, collapsed until opened or until a run starts here).
 *
 * While the workspaces are visible they refresh every `refreshInterval` ms,
 * backing off (up to six times the interval) while requests fail; they stop
 * while hidden. The Runs section polls the same way (RunsSection).
 */
export class DataForestSidebar extends SidePanel {
  constructor(options: DataForestSidebar.IOptions) {
    super({ translator: options.translator });
    const { model, trans, commands } = options;
    this.model = model;
    this.id = SIDEBAR_ID;
    this.addClass('ncp-df-sidebar');
    this.title.icon = treeIcon;
    // View > Left Sidebar (Notebook 7) lists the panel by its caption.
    this.title.caption = trans.__('DataForest workspaces');
    this.header.addWidget(titleWidget(trans));
    this.toolbar.addItem(
      'new',
      new CommandToolbarButton({
        commands,
        id: CommandIDs.newWorkspace,
        label: ''
      })
    );
    this.toolbar.addItem(
      'refresh',
      new CommandToolbarButton({ commands, id: CommandIDs.refresh, label: '' })
    );
    this.toolbar.addItem('sort', sortButton(commands, model, trans));
    this.content.addClass('ncp-df-content');
    this.runs = new RunsSection({
      sidebar: model,
      runs: options.runs,
      actions: options.runActions,
      trans
    });
    this._sections = this.content as AccordionPanel;
    this.addWidget(new SidebarBodyWidget(options));
    this.addWidget(this.runs);
    this._sections.collapse(1);
    // A section opened after starting collapsed would get no room: share it.
    this._sections.expansionToggled.connect(() => {
      if (this._sections.widgets.every(widget => !widget.isHidden)) {
        this._sections.setRelativeSizes([3, 2]);
      }
    });
    // Lumino names a section "<label> Section" in English: in the viewer's language.
    this._sections.titles.forEach((node, index) =>
      node.setAttribute(
        'aria-label',
        trans.__('%1 section', this._sections.widgets[index].title.label)
      )
    );

    this._poll = new Poll({
      auto: false,
      factory: async () => {
        if (!(await this.model.poll())) {
          // Rejecting makes the poll back off while the server is failing.
          throw new Error('DataForest refresh failed');
        }
      },
      frequency: this._frequency(),
      name: '@ncp-df/jupyter:workspaces',
      standby: 'when-hidden'
    });
  }

  readonly model: SidebarModel;
  readonly runs: RunsSection;

  /** Apply new preferences (from the settings registry). */
  setPreferences(preferences: IPreferences): void {
    this.model.setPreferences(preferences);
    this._poll.frequency = this._frequency();
    this.runs.setInterval();
  }

  /** A run started from this Lab: the Runs section opens and follows it. */
  runStarted(app: IAppDetail): void {
    const index = this._sections.widgets.indexOf(this.runs);
    if (this.runs.isHidden && index >= 0) {
      this._sections.expand(index);
    }
    this.runs.watch(app);
  }

  /**
   * Refresh now (the Refresh button, or after a change made elsewhere). While
   * hidden nothing is fetched: showing the panel refreshes it anyway.
   */
  async refresh(): Promise<void> {
    if (this.isVisible) {
      // Directly, not through the poll: a poll refresh already in flight would
      // swallow this one, and it may have started before the change.
      await Promise.all([this.model.refresh(true), this.runs.refresh()]);
    }
  }

  override dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._poll.dispose();
    Signal.clearData(this);
    super.dispose();
  }

  protected override onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    void this._poll.start();
  }

  protected override onAfterHide(msg: Message): void {
    super.onAfterHide(msg);
    void this._poll.stop();
  }

  private _frequency(): IPoll.Frequency {
    const interval = this.model.preferences.refreshInterval;
    return { interval, backoff: true, max: interval * 6 };
  }

  private _poll: Poll;
  private _sections: AccordionPanel;
}

export namespace DataForestSidebar {
  export interface IOptions {
    model: SidebarModel;
    actions: IWorkspaceActions;
    runs: RunsModel;
    runActions: IRunActions;
    trans: Trans;
    translator: ITranslator;
    commands: CommandRegistry;
  }
}
