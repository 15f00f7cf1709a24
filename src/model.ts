import { ServerConnection } from '@jupyterlab/services';
import { ISignal, Signal } from '@lumino/signaling';

import { DataForestAPI, IAccount, IStatus, IWorkspace } from './api';
import { RequestError } from './request';

/** User preferences, as defined in schema/plugin.json. */
export interface IPreferences {
  refreshInterval: number;
  defaultAccount: string;
  insertCodeStyle: 'python' | 'magics';
}

export const DEFAULT_PREFERENCES: IPreferences = {
  refreshInterval: 10000,
  defaultAccount: '',
  insertCodeStyle: 'python'
};

/** Why the panel cannot show workspaces, with what to do about it. */
export type Notice =
  | { kind: 'unavailable' }
  | { kind: 'credentials'; message: string }
  | { kind: 'error'; message: string };

/** Map a failed request to what the panel says. */
export function noticeFor(error: unknown): Notice {
  if (error instanceof ServerConnection.NetworkError) {
    return { kind: 'unavailable' };
  }
  if (error instanceof RequestError) {
    if (error.status === 404 && error.kind === undefined) {
      return { kind: 'unavailable' }; // no /ncp-df/ routes at all
    }
    if (
      error.kind === 'CredentialsError' ||
      error.kind === 'AuthenticationError'
    ) {
      return { kind: 'credentials', message: error.message };
    }
    return { kind: 'error', message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'error', message };
}

/** The account to show: the current one, else the preferred, else the first usable. */
export function chooseAccount(
  accounts: IAccount[],
  current: string | null,
  preferred: string
): string | null {
  if (current && accounts.some(a => a.id === current)) {
    return current;
  }
  const wanted = preferred.trim();
  const match = wanted
    ? accounts.find(a => a.id === wanted || a.name === wanted)
    : undefined;
  return (match ?? accounts.find(a => !a.disabled) ?? accounts[0])?.id ?? null;
}

/** Does a workspace match the filter box (name, image, GPU, queue, id)? */
export function matchesFilter(workspace: IWorkspace, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const text = [
    workspace.name,
    workspace.image,
    workspace.gpuModel,
    workspace.queueName,
    workspace.description,
    workspace.id
  ]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
  return words.every(word => text.includes(word));
}

/**
 * What the sidebar shows: server status, accounts, the selected account's
 * workspaces and any notice. Views listen to `changed`.
 */
export class SidebarModel {
  constructor(readonly api: DataForestAPI) {}

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  status: IStatus | null = null;
  accounts: IAccount[] = [];
  accountId: string | null = null;
  /** null until the first list arrives. */
  workspaces: IWorkspace[] | null = null;
  notice: Notice | null = null;
  loading = false;
  lastRefreshed: Date | null = null;
  filter = '';
  preferences: IPreferences = { ...DEFAULT_PREFERENCES };

  get account(): IAccount | undefined {
    return this.accounts.find(a => a.id === this.accountId);
  }

  get visibleWorkspaces(): IWorkspace[] {
    return (this.workspaces ?? []).filter(w => matchesFilter(w, this.filter));
  }

  setPreferences(preferences: Partial<IPreferences>): void {
    this.preferences = { ...this.preferences, ...preferences };
    this._changed.emit();
  }

  setFilter(filter: string): void {
    this.filter = filter;
    this._changed.emit();
  }

  /** Show another account's workspaces (fetched at once). */
  async selectAccount(accountId: string): Promise<boolean> {
    this.accountId = accountId;
    this.workspaces = null;
    this._changed.emit();
    return this.refresh();
  }

  /**
   * Fetch status, accounts and workspaces once; `fresh` skips the server's
   * short cache (a person asked for the latest).
   *
   * @returns whether everything loaded; it never rejects.
   */
  async refresh(fresh = false): Promise<boolean> {
    const request = ++this._requests;
    this.loading = true;
    this._changed.emit();
    let notice: Notice | null = null;
    try {
      const status = await this.api.status();
      if (request !== this._requests) {
        return false; // a newer refresh is under way
      }
      this.status = status;
      if (!status.credentials.configured) {
        notice = {
          kind: 'credentials',
          message:
            status.credentials.problem ?? 'No NCP credentials were found.'
        };
      } else {
        const accounts = await this.api.accounts();
        if (request !== this._requests) {
          return false;
        }
        this.accounts = accounts;
        this.accountId = chooseAccount(
          accounts,
          this.accountId,
          this.preferences.defaultAccount
        );
        const accountId = this.accountId;
        const workspaces = accountId
          ? await this.api.workspaces(accountId, fresh)
          : [];
        if (request !== this._requests) {
          return false;
        }
        this.workspaces = newestFirst(workspaces);
        this.lastRefreshed = new Date();
      }
    } catch (error) {
      notice = noticeFor(error);
    }
    if (request !== this._requests) {
      return false;
    }
    this.notice = notice;
    this.loading = false;
    this._changed.emit();
    return notice === null;
  }

  private _changed = new Signal<this, void>(this);
  private _requests = 0;
}

function newestFirst(workspaces: IWorkspace[]): IWorkspace[] {
  return [...workspaces].sort((a, b) =>
    (b.createdAt ?? '').localeCompare(a.createdAt ?? '')
  );
}
