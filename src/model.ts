import { ServerConnection } from '@jupyterlab/services';
import { ISignal, Signal } from '@lumino/signaling';

import type { IAccount, IDataForestAPI, IStatus, IWorkspace } from './api';
import { RequestError } from './request';
import { sortWorkspaces, SortOrder } from './sorting';

/**
 * User preferences: the `composite` of the settings in schema/plugin.json
 * (its defaults filled in and its rules checked by the settings registry).
 */
export interface IPreferences {
  refreshInterval: number;
  defaultAccount: string;
  insertCodeStyle: 'python' | 'magics';
}

/**
 * Why the panel cannot show (fresh) workspaces: the Jupyter server cannot be
 * reached, its DataForest routes are missing, the credentials are not usable,
 * or a request failed. `error` is what was thrown (the view words it).
 */
export type Notice =
  | { kind: 'jupyter'; error: unknown }
  | { kind: 'extension'; error: unknown }
  | { kind: 'credentials'; error: unknown; message: string }
  | { kind: 'error'; error: unknown };

/** Map a failed request to what the panel says. */
export function noticeFor(error: unknown): Notice {
  if (error instanceof ServerConnection.NetworkError) {
    return { kind: 'jupyter', error };
  }
  if (error instanceof RequestError) {
    if (error.status === 404 && error.kind === undefined) {
      return { kind: 'extension', error }; // no /ncp-df/ routes at all
    }
    if (
      error.kind === 'CredentialsError' ||
      error.kind === 'AuthenticationError'
    ) {
      return { kind: 'credentials', error, message: error.message };
    }
  }
  return { kind: 'error', error };
}

/** The account to show: the current one, else the preferred, else the server's default. */
function chooseAccount(
  accounts: IAccount[],
  current: string | null,
  preferred: string,
  defaultId: string | null
): string | null {
  if (current && accounts.some(a => a.id === current)) {
    return current;
  }
  const wanted = preferred.trim();
  const match = wanted
    ? accounts.find(a => a.id === wanted || a.name === wanted)
    : undefined;
  return match?.id ?? defaultId;
}

/** Does a workspace match the filter box (name, image, GPU, queue, id)? */
function matchesFilter(workspace: IWorkspace, filter: string): boolean {
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
 * workspaces, the request under way and any notice. Views listen to `changed`.
 */
export class SidebarModel {
  constructor(
    readonly api: IDataForestAPI,
    public preferences: IPreferences
  ) {}

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
  /** When the request under way started (`Date.now()`), null when none is. */
  waitingSince: number | null = null;
  lastRefreshed: Date | null = null;
  filter = '';
  sort: SortOrder = 'newest';

  get account(): IAccount | undefined {
    return this.accounts.find(a => a.id === this.accountId);
  }

  /** The list on screen is older than the last attempt to refresh it. */
  get stale(): boolean {
    return this.notice !== null && this.workspaces !== null;
  }

  /** Notices that leave nothing to list or create: no server, no extension, no key. */
  get blocked(): boolean {
    return this.notice !== null && this.notice.kind !== 'error';
  }

  get visibleWorkspaces(): IWorkspace[] {
    const shown = (this.workspaces ?? []).filter(w =>
      matchesFilter(w, this.filter)
    );
    return sortWorkspaces(shown, this.sort);
  }

  setPreferences(preferences: IPreferences): void {
    this.preferences = preferences;
    this._changed.emit();
  }

  setFilter(filter: string): void {
    this.filter = filter;
    this._changed.emit();
  }

  setSort(sort: SortOrder): void {
    this.sort = sort;
    this._changed.emit();
  }

  /** Show another account's workspaces (fetched at once). */
  async selectAccount(accountId: string): Promise<boolean> {
    this.accountId = accountId;
    this.workspaces = null;
    this._changed.emit();
    return this._update(isCurrent => this._loadWorkspaces(false, isCurrent));
  }

  /**
   * The first load and a person's Refresh: the server's status (endpoint,
   * credentials) and the accounts, then the workspaces; `fresh` skips the
   * server's short cache. Missing credentials show as the accounts' refusal,
   * in the server's words.
   *
   * @returns whether everything loaded; it never rejects.
   */
  refresh(fresh = false): Promise<boolean> {
    return this._update(async isCurrent => {
      const [status, accounts] = await Promise.allSettled([
        this.api.status(),
        this._waitFor(this.api.accounts())
      ]);
      if (!isCurrent()) {
        return;
      }
      if (status.status === 'fulfilled') {
        this.status = status.value; // also shown with a credentials notice
      }
      if (status.status === 'rejected') {
        throw status.reason;
      }
      if (accounts.status === 'rejected') {
        throw accounts.reason;
      }
      this.accounts = accounts.value.accounts;
      this.accountId = chooseAccount(
        this.accounts,
        this.accountId,
        this.preferences.defaultAccount,
        accounts.value.defaultAccountId
      );
      await this._loadWorkspaces(fresh, isCurrent);
    });
  }

  /**
   * A tick of the sidebar's poll: only the selected account's workspaces.
   * Until an account is known (the first load failed) it is a whole refresh.
   */
  poll(): Promise<boolean> {
    if (this.accountId === null) {
      return this.refresh();
    }
    return this._update(isCurrent => this._loadWorkspaces(false, isCurrent));
  }

  private async _loadWorkspaces(
    fresh: boolean,
    isCurrent: () => boolean
  ): Promise<void> {
    const accountId = this.accountId;
    const workspaces = accountId
      ? await this._waitFor(this.api.workspaces(accountId, fresh))
      : [];
    if (isCurrent()) {
      this.workspaces = sortWorkspaces(workspaces, 'newest');
      this.lastRefreshed = new Date();
    }
  }

  /**
   * Another request of the panel (a delete): shown as under way, like a
   * refresh, until it settles; its outcome is the caller's.
   */
  async during<T>(call: Promise<T>): Promise<T> {
    this.loading = true;
    try {
      return await this._waitFor(call);
    } finally {
      this.loading = false;
      this._changed.emit();
    }
  }

  /** A call to DataForest: the view counts how long it has been waiting for it. */
  private async _waitFor<T>(call: Promise<T>): Promise<T> {
    this.waitingSince = Date.now();
    this._changed.emit();
    try {
      return await call;
    } finally {
      this.waitingSince = null;
    }
  }

  /**
   * Run one update; only the latest one started changes what is shown.
   *
   * @returns whether it loaded without a notice (false when superseded).
   */
  private async _update(
    load: (isCurrent: () => boolean) => Promise<void>
  ): Promise<boolean> {
    const request = ++this._requests;
    const isCurrent = (): boolean => request === this._requests;
    this.loading = true;
    this._changed.emit();
    let notice: Notice | null = null;
    try {
      await load(isCurrent);
    } catch (error) {
      notice = noticeFor(error);
    }
    if (!isCurrent()) {
      return false; // a newer update is under way
    }
    this.notice = notice;
    this.loading = false;
    this.waitingSince = null;
    this._changed.emit();
    return notice === null;
  }

  private _changed = new Signal<this, void>(this);
  private _requests = 0;
}
