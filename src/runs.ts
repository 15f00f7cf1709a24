/**
 * The Runs section's state: the selected account's AI apps (one list call
 * per tick for all of them), the detail of the one opened (read only when its
 * list row changed) and the runs started from this Lab, watched to their end.
 */
import { ISignal, Signal } from '@lumino/signaling';

import type { IApp, IAppContainer, IAppDetail, IDataForestAPI } from './api';
import { noticeFor, Notice } from './model';
import { newestRunsFirst } from './sorting';

/**
 * A list row as a comparison key: everything but `elapsedMillis`, which the
 * server computes afresh for every answer while the app runs.
 */
export function rowKey(app: IApp): string {
  return JSON.stringify(
    Object.keys(app)
      .filter(key => key !== 'elapsedMillis')
      .sort()
      .map(key => [key, app[key]])
  );
}

/** Does the opened run need its detail read (none yet, or its row changed)? */
export function needsDetail(
  row: IApp | undefined,
  detailKey: string | null
): boolean {
  return row !== undefined && rowKey(row) !== detailKey;
}

/**
 * How long a run has run now: the server's `elapsedMillis` as of its answer,
 * plus the time since that answer while it has not ended.
 */
export function elapsedNow(
  app: IApp,
  receivedAt: number,
  now: number
): number | null {
  if (typeof app.elapsedMillis !== 'number') {
    return null;
  }
  return app.finished
    ? app.elapsedMillis
    : app.elapsedMillis + Math.max(0, now - receivedAt);
}

/**
 * Whether the section's poll keeps going: while it is shown, or while a run
 * started from this Lab has not ended (to say when it does).
 */
export function shouldPoll(visible: boolean, watching: boolean): boolean {
  return visible || watching;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A detail's containers by name, in the order sent (what is not an object left out). */
export function containersOf(
  detail: IAppDetail | null
): [string, IAppContainer][] {
  const containers: unknown = detail?.containers;
  if (!isRecord(containers)) {
    return [];
  }
  return Object.entries(containers).filter(
    (entry): entry is [string, IAppContainer] => isRecord(entry[1])
  );
}

/** The detail of a run, with the list row's workspace when the detail has none. */
function withRow(detail: IAppDetail, row: IApp | undefined): IAppDetail {
  if (detail.workspaceName || !row?.workspaceName) {
    return detail;
  }
  return { ...detail, workspaceName: row.workspaceName };
}

export class RunsModel {
  constructor(readonly api: IDataForestAPI) {}

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** A run started from this Lab has ended (finished, failed, killed). */
  get ended(): ISignal<this, IApp> {
    return this._ended;
  }

  accountId: string | null = null;
  /** null until the first list of the account arrives. */
  runs: IApp[] | null = null;
  /** When the list arrived (`Date.now()`), for the elapsed times. */
  receivedAt = 0;
  lastRefreshed: Date | null = null;
  notice: Notice | null = null;
  loading = false;
  /** The run whose details are open. */
  expandedId: string | null = null;
  /** Its detail, once read (its containers). */
  detail: IAppDetail | null = null;
  detailNotice: Notice | null = null;

  /** Runs started from this Lab that have not ended yet. */
  get watching(): boolean {
    return this._watched.size > 0;
  }

  isWatched(appId: string): boolean {
    return this._watched.has(appId);
  }

  /** Show another account's runs (the sidebar's account); read at the next poll. */
  setAccount(accountId: string | null): boolean {
    if (accountId === this.accountId) {
      return false;
    }
    this.accountId = accountId;
    this._requests++; // what the other account's poll brings is dropped
    this.runs = null;
    this.notice = null;
    this._setExpanded(null);
    this._changed.emit();
    return true;
  }

  /** Open (read its detail at once) or close a run's details. */
  async expand(appId: string | null): Promise<void> {
    this._setExpanded(appId);
    this._changed.emit();
    if (appId !== null) {
      await this._loadDetail(this.runs?.find(r => r.id === appId));
    }
  }

  /** A run this Lab started: listed at once, and said when it ends. */
  watch(app: IAppDetail): void {
    if (!app.finished) {
      this._watched.add(app.id);
    }
    if (this.runs !== null && !this.runs.some(r => r.id === app.id)) {
      this.runs = [app, ...this.runs];
    }
    this._changed.emit();
  }

  /** A run as read after a change (a kill): its row and detail replaced. */
  replace(app: IAppDetail): void {
    if (this.runs !== null) {
      const row = this.runs.find(r => r.id === app.id);
      this.runs = this.runs.map(r => (r.id === app.id ? withRow(app, row) : r));
    }
    if (this.expandedId === app.id) {
      this.detail = withRow(app, this.detail ?? undefined);
    }
    this._changed.emit();
  }

  /**
   * One tick: the account's list (one call for all runs), then the opened
   * run's detail only when its row changed, then the watched runs that ended.
   *
   * @returns whether the list loaded; it never rejects.
   */
  async poll(fresh = false): Promise<boolean> {
    const accountId = this.accountId;
    if (accountId === null) {
      return true;
    }
    const request = ++this._requests;
    this.loading = true;
    this._changed.emit();
    // This tick's list: `this.runs` may change (another account) while it waits.
    let runs: IApp[];
    try {
      const rows = await this.api.apps(accountId, fresh);
      if (request !== this._requests) {
        return false; // a newer poll (or another account) is under way
      }
      runs = newestRunsFirst(rows);
      this.runs = runs;
      this.receivedAt = Date.now();
      this.lastRefreshed = new Date();
      this.notice = null;
    } catch (error) {
      if (request === this._requests) {
        this.notice = noticeFor(error);
      }
      return false;
    } finally {
      if (request === this._requests) {
        this.loading = false;
        this._changed.emit();
      }
    }
    const opened = runs.find(r => r.id === this.expandedId);
    if (needsDetail(opened, this._detailKey)) {
      await this._loadDetail(opened);
    }
    await this._checkWatched(runs);
    return true;
  }

  /** Say which watched runs ended; one not in the list (another account) is read alone. */
  private async _checkWatched(rows: IApp[]): Promise<void> {
    for (const id of [...this._watched]) {
      let app: IApp | undefined = rows.find(r => r.id === id);
      if (app === undefined) {
        try {
          app = await this.api.app(id);
        } catch {
          continue; // asked again at the next tick
        }
      }
      if (app.finished && this._watched.delete(id)) {
        this._ended.emit(app);
      }
    }
  }

  private async _loadDetail(row: IApp | undefined): Promise<void> {
    if (row === undefined) {
      return;
    }
    const key = rowKey(row);
    this._detailKey = key;
    try {
      const detail = await this.api.app(row.id);
      if (this.expandedId === row.id) {
        this.detail = withRow(detail, row);
        this.detailNotice = null;
      }
    } catch (error) {
      if (this.expandedId === row.id) {
        this.detailNotice = noticeFor(error);
        this._detailKey = null; // read again at the next tick
      }
    }
    this._changed.emit();
  }

  private _setExpanded(appId: string | null): void {
    this.expandedId = appId;
    this.detail = null;
    this.detailNotice = null;
    this._detailKey = null;
  }

  private _changed = new Signal<this, void>(this);
  private _ended = new Signal<this, IApp>(this);
  private _watched = new Set<string>();
  private _detailKey: string | null = null;
  private _requests = 0;
}
