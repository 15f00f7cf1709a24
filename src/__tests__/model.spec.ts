import { ServerConnection } from '@jupyterlab/services';

import type { IAccounts, IDataForestAPI, IStatus, IWorkspace } from '../api';
import { IPreferences, SidebarModel } from '../model';
import { RequestError } from '../request';
import { accountRow, workspaceRow } from './fixtures';

const STATUS: IStatus = {
  version: '0.1.0',
  endpoint: 'https://dataforest.example',
  profile: null,
  cacheSeconds: 5,
  credentials: {
    configured: true,
    accessKey: 'NCPD****EY01',
    source: 'environment',
    problem: null
  }
};

const account = accountRow;

function workspace(
  id: string,
  name: string,
  createdAt: string | null,
  more: Partial<IWorkspace> = {}
): IWorkspace {
  return workspaceRow(id, name, { createdAt, ...more });
}

const RESEARCH = account('Acc1', 'research');
const PRODUCTION = account('Acc2', 'production');

/** The workspaces of each account, as the fake server lists them (oldest first). */
const LISTS: Record<string, IWorkspace[]> = {
  Acc1: [
    workspace('W1', 'old', '2026-01-01T00:00:00Z'),
    workspace('W2', 'new', '2026-03-01T00:00:00Z'),
    workspace('W3', 'undated', null)
  ],
  Acc2: [workspace('W9', 'prod', '2026-02-01T00:00:00Z')]
};

/** A fake of the server extension: answers from memory and records each call. */
interface IFakeAPI extends IDataForestAPI {
  calls: string[];
}

function fakeAPI(overrides: Partial<IDataForestAPI> = {}): IFakeAPI {
  const calls: string[] = [];
  const refuse = (what: string) => () =>
    Promise.reject(new Error(`${what} is not for the sidebar model`));
  const api: IDataForestAPI = {
    status: () => Promise.resolve(STATUS),
    accounts: (): Promise<IAccounts> =>
      Promise.resolve({
        accounts: [RESEARCH, PRODUCTION],
        defaultAccountId: 'Acc2'
      }),
    workspaces: (accountId: string) => Promise.resolve(LISTS[accountId] ?? []),
    createWorkspace: refuse('createWorkspace'),
    deleteWorkspace: refuse('deleteWorkspace'),
    nameAvailable: refuse('nameAvailable'),
    schema: refuse('schema'),
    form: refuse('form'),
    configuration: refuse('configuration'),
    setConfiguration: refuse('setConfiguration'),
    apps: refuse('apps'),
    submitApp: refuse('submitApp'),
    app: refuse('app'),
    killApp: refuse('killApp'),
    appLog: refuse('appLog'),
    ...overrides
  };
  return {
    calls,
    status: () => {
      calls.push('status');
      return api.status();
    },
    accounts: () => {
      calls.push('accounts');
      return api.accounts();
    },
    workspaces: (accountId: string, fresh = false) => {
      calls.push(`workspaces ${accountId}${fresh ? ' fresh' : ''}`);
      return api.workspaces(accountId, fresh);
    },
    createWorkspace: body => api.createWorkspace(body),
    deleteWorkspace: id => api.deleteWorkspace(id),
    nameAvailable: (accountId, name) => api.nameAvailable(accountId, name),
    schema: (accountId, framework) => api.schema(accountId, framework),
    form: (accountId, framework) => api.form(accountId, framework),
    configuration: id => api.configuration(id),
    setConfiguration: (id, config) => api.setConfiguration(id, config),
    apps: (accountId, fresh) => api.apps(accountId, fresh),
    submitApp: body => api.submitApp(body),
    app: id => api.app(id),
    killApp: id => api.killApp(id),
    appLog: (id, container) => api.appLog(id, container)
  };
}

function preferences(defaultAccount = ''): IPreferences {
  return { refreshInterval: 30000, defaultAccount, insertCodeStyle: 'python' };
}

/** A promise settled from outside, to order concurrent loads. */
function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
} {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>(r => (resolve = r));
  return { promise, resolve };
}

describe('SidebarModel.refresh', () => {
  it('loads status, accounts and the default account’s workspaces, newest first', async () => {
    const api = fakeAPI();
    const model = new SidebarModel(api, preferences());
    expect(model.workspaces).toBeNull();

    expect(await model.refresh()).toBe(true);

    expect(model.status).toEqual(STATUS);
    expect(model.accounts).toEqual([RESEARCH, PRODUCTION]);
    expect(model.accountId).toBe('Acc2');
    expect(model.account).toEqual(PRODUCTION);
    expect(model.workspaces?.map(w => w.id)).toEqual(['W9']);
    expect(model.notice).toBeNull();
    expect(model.loading).toBe(false);
    expect(model.lastRefreshed).toBeInstanceOf(Date);
    expect(api.calls).toEqual(['status', 'accounts', 'workspaces Acc2']);
  });

  it('sorts workspaces newest first, undated ones last', async () => {
    const model = new SidebarModel(fakeAPI(), preferences('research'));
    await model.refresh();
    expect(model.workspaces?.map(w => w.name)).toEqual([
      'new',
      'old',
      'undated'
    ]);
  });

  it('tells its views when loading starts and ends', async () => {
    const model = new SidebarModel(fakeAPI(), preferences());
    const seen: boolean[] = [];
    model.changed.connect(() => seen.push(model.loading));
    await model.refresh();
    expect(seen[0]).toBe(true);
    expect(seen[seen.length - 1]).toBe(false);
    expect(seen.slice(0, -1).every(loading => loading)).toBe(true);
  });

  it('knows since when it waits for DataForest, and forgets it after', async () => {
    const slow = deferred<IWorkspace[]>();
    const model = new SidebarModel(
      fakeAPI({ workspaces: () => slow.promise }),
      preferences()
    );
    const before = Date.now();
    const loading = model.refresh();
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(model.waitingSince).toBeGreaterThanOrEqual(before);
    slow.resolve([]);
    await loading;
    expect(model.waitingSince).toBeNull();
  });

  it.each([
    ['an account name', 'research', 'Acc1'],
    ['an account id, spaces around it', '  Acc1 ', 'Acc1'],
    ['an unknown account', 'nobody', 'Acc2'],
    ['no preference', '', 'Acc2']
  ])('prefers the defaultAccount setting (%s)', async (_, wanted, chosen) => {
    const model = new SidebarModel(fakeAPI(), preferences(wanted));
    await model.refresh();
    expect(model.accountId).toBe(chosen);
  });

  it('keeps the selected account while it exists', async () => {
    let accounts = [RESEARCH, PRODUCTION];
    const api = fakeAPI({
      accounts: () => Promise.resolve({ accounts, defaultAccountId: 'Acc2' })
    });
    const model = new SidebarModel(api, preferences());
    await model.refresh();
    await model.selectAccount('Acc1');
    await model.refresh();
    expect(model.accountId).toBe('Acc1');

    accounts = [PRODUCTION];
    await model.refresh();
    expect(model.accountId).toBe('Acc2');
  });

  it('passes Refresh’s fresh on to the workspace list', async () => {
    const api = fakeAPI();
    const model = new SidebarModel(api, preferences());
    await model.refresh(true);
    expect(api.calls).toContain('workspaces Acc2 fresh');
  });

  it('lists nothing, without asking, when the key has no account', async () => {
    const api = fakeAPI({
      accounts: () => Promise.resolve({ accounts: [], defaultAccountId: null })
    });
    const model = new SidebarModel(api, preferences());
    expect(await model.refresh()).toBe(true);
    expect(model.accountId).toBeNull();
    expect(model.workspaces).toEqual([]);
    expect(api.calls).toEqual(['status', 'accounts']);
  });
});

describe('SidebarModel notices', () => {
  it('says the server extension is missing when its routes are', async () => {
    const missing = new RequestError('404 Not Found', 404);
    const model = new SidebarModel(
      fakeAPI({ status: () => Promise.reject(missing) }),
      preferences()
    );
    expect(await model.refresh()).toBe(false);
    expect(model.notice).toEqual({ kind: 'extension', error: missing });
    expect(model.blocked).toBe(true);
    expect(model.loading).toBe(false);
  });

  it('says the Jupyter server cannot be reached', async () => {
    const down = new ServerConnection.NetworkError(
      new TypeError('Failed to fetch')
    );
    const model = new SidebarModel(
      fakeAPI({ accounts: () => Promise.reject(down) }),
      preferences()
    );
    await model.refresh();
    expect(model.notice).toEqual({ kind: 'jupyter', error: down });
    expect(model.blocked).toBe(true);
  });

  it.each(['CredentialsError', 'AuthenticationError'])(
    'shows a %s in the server’s words, with the status',
    async kind => {
      const refusal = new RequestError('No key pair was found.', 401, {
        error: kind,
        message: 'No key pair was found.'
      });
      const model = new SidebarModel(
        fakeAPI({ accounts: () => Promise.reject(refusal) }),
        preferences()
      );
      expect(await model.refresh()).toBe(false);
      expect(model.notice).toEqual({
        kind: 'credentials',
        error: refusal,
        message: 'No key pair was found.'
      });
      expect(model.status).toEqual(STATUS);
    }
  );

  it('shows any other failure as its sentence, a 404 of the server too', async () => {
    const gone = new RequestError('No workspace W1.', 404, {
      error: 'NotFoundError'
    });
    const model = new SidebarModel(
      fakeAPI({ workspaces: () => Promise.reject(gone) }),
      preferences()
    );
    await model.refresh();
    expect(model.notice).toEqual({ kind: 'error', error: gone });
    expect(model.blocked).toBe(false);
  });

  it('keeps the last list when a refresh fails, marked as stale', async () => {
    let fail = false;
    const busy = new Error('busy');
    const model = new SidebarModel(
      fakeAPI({
        workspaces: accountId =>
          fail ? Promise.reject(busy) : Promise.resolve(LISTS[accountId] ?? [])
      }),
      preferences()
    );
    await model.refresh();
    expect(model.stale).toBe(false);
    const updated = model.lastRefreshed;
    fail = true;
    expect(await model.poll()).toBe(false);
    expect(model.workspaces?.map(w => w.id)).toEqual(['W9']);
    expect(model.stale).toBe(true);
    expect(model.lastRefreshed).toBe(updated);
  });

  it('clears the notice once a refresh succeeds', async () => {
    let fail = true;
    const model = new SidebarModel(
      fakeAPI({
        status: () =>
          fail ? Promise.reject(new Error('busy')) : Promise.resolve(STATUS)
      }),
      preferences()
    );
    await model.refresh();
    expect(model.notice?.kind).toBe('error');
    fail = false;
    expect(await model.refresh()).toBe(true);
    expect(model.notice).toBeNull();
  });
});

describe('SidebarModel.during', () => {
  it('shows another request as under way until it settles', async () => {
    const model = new SidebarModel(fakeAPI(), preferences());
    const call = deferred<string>();
    const done = model.during(call.promise);
    expect(model.loading).toBe(true);
    expect(model.waitingSince).not.toBeNull();
    call.resolve('deleted');
    expect(await done).toBe('deleted');
    expect(model.loading).toBe(false);
    expect(model.waitingSince).toBeNull();
  });
});

describe('SidebarModel.poll', () => {
  it('asks only for the selected account’s workspaces', async () => {
    const api = fakeAPI();
    const model = new SidebarModel(api, preferences());
    await model.refresh();
    api.calls.length = 0;
    expect(await model.poll()).toBe(true);
    expect(api.calls).toEqual(['workspaces Acc2']);
  });

  it('is a whole refresh until an account is known', async () => {
    const api = fakeAPI();
    const model = new SidebarModel(api, preferences());
    expect(await model.poll()).toBe(true);
    expect(api.calls).toEqual(['status', 'accounts', 'workspaces Acc2']);
  });
});

describe('SidebarModel.selectAccount', () => {
  it('empties the list at once, then shows the account’s workspaces', async () => {
    const model = new SidebarModel(fakeAPI(), preferences());
    await model.refresh();
    const loading = model.selectAccount('Acc1');
    expect(model.accountId).toBe('Acc1');
    expect(model.workspaces).toBeNull();
    expect(await loading).toBe(true);
    expect(model.workspaces?.map(w => w.id)).toEqual(['W2', 'W1', 'W3']);
  });

  it('wins over a slower load started before it', async () => {
    const slow = deferred<IWorkspace[]>();
    const api = fakeAPI({
      workspaces: accountId =>
        accountId === 'Acc2' ? slow.promise : Promise.resolve(LISTS[accountId])
    });
    const model = new SidebarModel(api, preferences());
    const first = model.refresh();
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(await model.selectAccount('Acc1')).toBe(true);

    slow.resolve(LISTS.Acc2);
    expect(await first).toBe(false);
    expect(model.accountId).toBe('Acc1');
    expect(model.workspaces?.map(w => w.id)).toEqual(['W2', 'W1', 'W3']);
    expect(model.loading).toBe(false);
  });
});

describe('SidebarModel filter and preferences', () => {
  const list = [
    workspace('Wa1', 'bert-train', '2026-01-03T00:00:00Z', {
      image: 'dataforest/pytorch:2.1',
      gpuModel: 'V100',
      queueName: 'gpu'
    }),
    workspace('Wb2', 'resnet', '2026-01-02T00:00:00Z', {
      image: 'dataforest/tensorflow:2.15',
      gpuModel: 'T4',
      description: 'Image classification'
    })
  ];

  async function loaded(): Promise<SidebarModel> {
    const model = new SidebarModel(
      fakeAPI({ workspaces: () => Promise.resolve(list) }),
      preferences()
    );
    await model.refresh();
    return model;
  }

  it('shows every workspace without a filter', async () => {
    const model = await loaded();
    expect(model.visibleWorkspaces).toHaveLength(2);
  });

  it.each([
    ['pytorch', ['bert-train']],
    ['T4', ['resnet']],
    ['CLASSIFICATION', ['resnet']],
    ['wa1', ['bert-train']],
    ['gpu v100', ['bert-train']],
    ['gpu t4', []],
    ['dataforest', ['bert-train', 'resnet']]
  ])('matches every word of "%s"', async (filter, names) => {
    const model = await loaded();
    const changed = jest.fn();
    model.changed.connect(changed);
    model.setFilter(filter);
    expect(changed).toHaveBeenCalledTimes(1);
    expect(model.visibleWorkspaces.map(w => w.name)).toEqual(names);
    expect(model.workspaces).toHaveLength(2);
  });

  it('sorts what it shows: newest first, oldest first, by name', async () => {
    const model = await loaded();
    expect(model.sort).toBe('newest');
    expect(model.visibleWorkspaces.map(w => w.name)).toEqual([
      'bert-train',
      'resnet'
    ]);
    model.setSort('oldest');
    expect(model.visibleWorkspaces.map(w => w.name)).toEqual([
      'resnet',
      'bert-train'
    ]);
    model.setSort('name');
    expect(model.visibleWorkspaces.map(w => w.name)).toEqual([
      'bert-train',
      'resnet'
    ]);
    expect(model.workspaces?.map(w => w.name)).toEqual([
      'bert-train',
      'resnet'
    ]);
  });

  it('takes new preferences and tells its views', async () => {
    const model = await loaded();
    const changed = jest.fn();
    model.changed.connect(changed);
    const next = { ...preferences(), insertCodeStyle: 'magics' as const };
    model.setPreferences(next);
    expect(model.preferences).toBe(next);
    expect(changed).toHaveBeenCalledTimes(1);
  });
});
