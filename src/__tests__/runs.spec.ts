import type { IApp, IAppDetail, IDataForestAPI } from '../api';
import { RequestError } from '../request';
import {
  containersOf,
  elapsedNow,
  needsDetail,
  rowKey,
  RunsModel,
  shouldPoll
} from '../runs';
import { appRow } from './fixtures';

/** A fake server: the list and details from memory, each call recorded. */
function fakeAPI(lists: IApp[][]): {
  api: IDataForestAPI;
  calls: string[];
  details: Record<string, IAppDetail>;
} {
  const calls: string[] = [];
  const details: Record<string, IAppDetail> = {};
  let tick = 0;
  const api = {
    apps: (accountId: string, fresh?: boolean) => {
      calls.push(`apps ${accountId}${fresh ? ' fresh' : ''}`);
      const rows = lists[Math.min(tick++, lists.length - 1)];
      return Promise.resolve(rows);
    },
    app: (id: string) => {
      calls.push(`app ${id}`);
      const detail = details[id];
      return detail
        ? Promise.resolve(detail)
        : Promise.reject(new RequestError('no such app', 404, {}));
    }
  } as unknown as IDataForestAPI;
  return { api, calls, details };
}

describe('the row key', () => {
  it('ignores the elapsed time the server computes for each answer', () => {
    const row = appRow('A1', 'llm-abc');
    expect(rowKey({ ...row, elapsedMillis: 5 })).toBe(
      rowKey({ ...row, elapsedMillis: 6 })
    );
  });

  it('changes with the state, any field and an unknown one', () => {
    const row = appRow('A1', 'llm-abc');
    expect(rowKey({ ...row, state: 'FINISHED' })).not.toBe(rowKey(row));
    expect(rowKey({ ...row, extra: { a: 1 } })).not.toBe(
      rowKey({ ...row, extra: { a: 2 } })
    );
  });

  it('does not depend on the order of the fields', () => {
    const { id, name, ...rest } = appRow('A1', 'x');
    expect(rowKey({ ...rest, id, name })).toBe(rowKey({ id, name, ...rest }));
  });

  it('asks for a detail only for a changed or new row', () => {
    const row = appRow('A1', 'x');
    expect(needsDetail(undefined, null)).toBe(false);
    expect(needsDetail(row, null)).toBe(true);
    expect(needsDetail(row, rowKey(row))).toBe(false);
    expect(needsDetail({ ...row, elapsedMillis: 9 }, rowKey(row))).toBe(false);
  });
});

describe('elapsed time', () => {
  it('counts on from the answer while the run has not ended', () => {
    const row = appRow('A1', 'x', { elapsedMillis: 1000 });
    expect(elapsedNow(row, 10_000, 12_500)).toBe(3500);
    expect(elapsedNow(row, 10_000, 9_000)).toBe(1000); // a clock set back
  });

  it('stays at the end of a finished run and is unknown without one', () => {
    const done = appRow('A1', 'x', { elapsedMillis: 1000, finished: true });
    expect(elapsedNow(done, 0, 99_999)).toBe(1000);
    expect(elapsedNow(appRow('A2', 'y', { elapsedMillis: null }), 0, 5)).toBe(
      null
    );
  });
});

describe('a detail’s containers', () => {
  it('are the objects of its map, in the order sent; none without a map', () => {
    const detail = {
      ...appRow('A1', 'a'),
      containers: {
        'worker-1': { status: 'READY' },
        bad: null,
        'worker-0': { status: 'READY' }
      }
    } as unknown as IAppDetail;
    expect(containersOf(detail).map(([name]) => name)).toEqual([
      'worker-1',
      'worker-0'
    ]);
    expect(containersOf(null)).toEqual([]);
    const odd = { ...appRow('A1', 'a'), containers: [1] };
    expect(containersOf(odd as unknown as IAppDetail)).toEqual([]);
  });
});

describe('when the poll runs', () => {
  it('runs while shown, or hidden while a run started here goes on', () => {
    expect(shouldPoll(true, false)).toBe(true);
    expect(shouldPoll(false, true)).toBe(true);
    expect(shouldPoll(false, false)).toBe(false);
  });
});

describe('the runs model', () => {
  it('makes one list call per tick for all the runs, newest first', async () => {
    const rows = [
      appRow('A1', 'a', { startedAt: '2026-01-01T00:00:00Z' }),
      appRow('A2', 'b', { startedAt: '2026-03-01T00:00:00Z' }),
      appRow('A3', 'c', { startedAt: null })
    ];
    const { api, calls } = fakeAPI([rows]);
    const model = new RunsModel(api);
    model.setAccount('Acc1');
    expect(await model.poll()).toBe(true);
    expect(await model.poll(true)).toBe(true);
    expect(calls).toEqual(['apps Acc1', 'apps Acc1 fresh']);
    expect(model.runs?.map(r => r.id)).toEqual(['A2', 'A1', 'A3']);
  });

  it('reads the opened run at once, then only when its row changed', async () => {
    const first = appRow('A1', 'a');
    const same = { ...first, elapsedMillis: 70_000 };
    const changed = { ...first, state: 'FINISHED', finished: true };
    const { api, calls, details } = fakeAPI([[first], [same], [changed]]);
    details.A1 = { ...first, workspaceName: null, containers: {} };
    const model = new RunsModel(api);
    model.setAccount('Acc1');
    await model.poll();
    await model.expand('A1');
    expect(model.detail?.workspaceName).toBe('llm'); // the row's, kept
    await model.poll(); // same row (only its elapsed time)
    await model.poll(); // finished
    expect(calls).toEqual([
      'apps Acc1',
      'app A1',
      'apps Acc1',
      'apps Acc1',
      'app A1'
    ]);
  });

  it('reads no detail when no run is open', async () => {
    const { api, calls } = fakeAPI([[appRow('A1', 'a')]]);
    const model = new RunsModel(api);
    model.setAccount('Acc1');
    await model.poll();
    await model.poll();
    expect(calls).toEqual(['apps Acc1', 'apps Acc1']);
  });

  it('says once when a run started here ends, and stops watching it', async () => {
    const running = appRow('A1', 'a');
    const done = { ...running, finished: true, outcome: 'succeeded' };
    const { api } = fakeAPI([[running], [done], [done]]);
    const model = new RunsModel(api);
    const ended: string[] = [];
    model.ended.connect((_, app) => ended.push(`${app.id} ${app.outcome}`));
    model.setAccount('Acc1');
    model.watch({ ...running, containers: {} });
    expect(model.watching).toBe(true);
    await model.poll();
    expect(ended).toEqual([]);
    await model.poll();
    await model.poll();
    expect(ended).toEqual(['A1 succeeded']);
    expect(model.watching).toBe(false);
  });

  it('survives a switch of account while the opened run is read', async () => {
    const row = appRow('A1', 'a');
    let release: (detail: IAppDetail) => void = () => undefined;
    const api = {
      apps: () => Promise.resolve([row]),
      app: () =>
        new Promise<IAppDetail>(resolve => {
          release = resolve;
        })
    } as unknown as IDataForestAPI;
    const model = new RunsModel(api);
    model.setAccount('Acc1');
    model.watch({ ...row, containers: {} });
    model.expandedId = 'A1';
    const tick = model.poll();
    await new Promise(resolve => setTimeout(resolve, 0)); // the detail is asked for
    model.setAccount('Acc2'); // the list of Acc1 is dropped meanwhile
    release({ ...row, containers: {} });
    await expect(tick).resolves.toBe(true);
    expect(model.runs).toBeNull();
  });

  it('reads a watched run of another account by itself', async () => {
    const { api, calls, details } = fakeAPI([[]]);
    details.B1 = { ...appRow('B1', 'b'), finished: true, outcome: 'failed' };
    const model = new RunsModel(api);
    const ended: string[] = [];
    model.ended.connect((_, app) => ended.push(app.outcome));
    model.setAccount('Acc1');
    model.watch({ ...appRow('B1', 'b'), containers: {} });
    await model.poll();
    expect(calls).toEqual(['apps Acc1', 'app B1']);
    expect(ended).toEqual(['failed']);
  });

  it('lists a run it started before the next tick', async () => {
    const { api } = fakeAPI([[]]);
    const model = new RunsModel(api);
    model.setAccount('Acc1');
    await model.poll();
    model.watch({ ...appRow('A9', 'new'), containers: {} });
    expect(model.runs?.map(r => r.id)).toEqual(['A9']);
  });

  it('keeps the list and says why when a tick fails', async () => {
    let fail = false;
    const api = {
      apps: () =>
        fail
          ? Promise.reject(new RequestError('DataForest failed', 502, {}))
          : Promise.resolve([appRow('A1', 'a')])
    } as unknown as IDataForestAPI;
    const model = new RunsModel(api);
    model.setAccount('Acc1');
    await model.poll();
    fail = true;
    expect(await model.poll()).toBe(false);
    expect(model.runs?.length).toBe(1);
    expect(model.notice?.kind).toBe('error');
  });

  it('drops what an earlier account brings after the account changed', async () => {
    let resolve: (rows: IApp[]) => void = () => undefined;
    const api = {
      apps: (account: string) =>
        account === 'Old'
          ? new Promise<IApp[]>(r => (resolve = r))
          : Promise.resolve([appRow('N1', 'new')])
    } as unknown as IDataForestAPI;
    const model = new RunsModel(api);
    model.setAccount('Old');
    const old = model.poll();
    model.setAccount('New');
    await model.poll();
    resolve([appRow('O1', 'old')]);
    expect(await old).toBe(false);
    expect(model.runs?.map(r => r.id)).toEqual(['N1']);
  });

  it('replaces a killed run in the list and its open detail', async () => {
    const row = appRow('A1', 'a');
    const { api, details } = fakeAPI([[row]]);
    details.A1 = { ...row, containers: {} };
    const model = new RunsModel(api);
    model.setAccount('Acc1');
    await model.poll();
    await model.expand('A1');
    model.replace({
      ...row,
      workspaceName: null,
      state: 'KILLED',
      outcome: 'killed',
      finished: true,
      containers: {}
    });
    expect(model.runs?.[0].outcome).toBe('killed');
    expect(model.runs?.[0].workspaceName).toBe('llm');
    expect(model.detail?.state).toBe('KILLED');
  });
});
