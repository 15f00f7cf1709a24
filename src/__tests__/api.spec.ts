import { ServerConnection } from '@jupyterlab/services';

import { DataForestAPI } from '../api';
import { RequestError } from '../request';

const BASE = 'http://lab.example/base/';

/** Each request the fake server got: method, URL and body. */
interface IRequestSeen {
  method: string;
  url: URL;
  body: string;
}

/** The API on a fake fetch: no network, one canned answer per request. */
function apiAnswering(...answers: (Response | Error)[]): {
  api: DataForestAPI;
  seen: IRequestSeen[];
} {
  const seen: IRequestSeen[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    seen.push({
      method: request.method,
      url: new URL(request.url),
      body: await request.text()
    });
    const answer = answers.shift();
    if (answer === undefined || answer instanceof Error) {
      throw answer ?? new Error('no answer left');
    }
    return answer;
  };
  const settings = ServerConnection.makeSettings({
    baseUrl: BASE,
    wsUrl: 'ws://lab.example/base/',
    token: '',
    fetch: fetch as typeof globalThis.fetch
  });
  return { api: new DataForestAPI(settings), seen };
}

/** The query of a request, without JupyterLab's cache-busting timestamp. */
function params(url: URL): Record<string, string> {
  const entries = [...url.searchParams].filter(
    ([key, value]) => !(/^\d+$/.test(key) && value === '')
  );
  return Object.fromEntries(entries);
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' }
  });
}

describe('DataForestAPI routes', () => {
  it('lists an account’s AI apps, fresh when asked', async () => {
    const { api, seen } = apiAnswering(
      json({ accountId: 'Acc1', workspaceId: null, apps: [{ id: 'A1' }] }),
      json({ apps: [] })
    );
    expect(await api.apps('Acc1', true)).toEqual([{ id: 'A1' }]);
    await api.apps('Acc1');
    expect(seen[0].url.pathname).toBe('/base/ncp-df/apps');
    expect(params(seen[0].url)).toEqual({ account: 'Acc1', fresh: '1' });
    expect(params(seen[1].url)).toEqual({ account: 'Acc1' });
  });

  it('submits, reads, kills an app and reads a container’s log', async () => {
    const { api, seen } = apiAnswering(
      json({ id: 'A/1' }, 201),
      json({ id: 'A/1' }),
      json({ id: 'A/1', state: 'KILLED' }),
      json({ id: 'A/1', container: 'worker 0', log: 'line\n' })
    );
    await api.submitApp({ aiWorkspaceId: 'W1' });
    await api.app('A/1');
    expect((await api.killApp('A/1')).state).toBe('KILLED');
    expect((await api.appLog('A/1', 'worker 0')).log).toBe('line\n');
    expect(seen.map(r => `${r.method} ${r.url.pathname}`)).toEqual([
      'POST /base/ncp-df/apps',
      'GET /base/ncp-df/apps/A%2F1',
      'POST /base/ncp-df/apps/A%2F1/kill',
      'GET /base/ncp-df/apps/A%2F1/containers/worker%200/log'
    ]);
    expect(JSON.parse(seen[0].body)).toEqual({ aiWorkspaceId: 'W1' });
  });

  it('lists an account’s workspaces, fresh when asked', async () => {
    const { api, seen } = apiAnswering(
      json({ workspaces: [{ id: 'W1' }] }),
      json({ workspaces: [] })
    );
    expect(await api.workspaces('Acc 1', true)).toEqual([{ id: 'W1' }]);
    await api.workspaces('Acc1');
    expect(seen[0].method).toBe('GET');
    expect(seen[0].url.pathname).toBe('/base/ncp-df/workspaces');
    expect(params(seen[0].url)).toEqual({
      account: 'Acc 1',
      fresh: '1'
    });
    expect(params(seen[1].url)).toEqual({
      account: 'Acc1'
    });
  });

  it('asks for a name with both parts escaped', async () => {
    const { api, seen } = apiAnswering(
      json({ accountId: 'a/b', name: 'x y', available: true })
    );
    expect((await api.nameAvailable('a/b', 'x y')).available).toBe(true);
    expect(seen[0].url.pathname).toBe('/base/ncp-df/names/a%2Fb/x%20y');
  });

  it('asks for the schema with the account and framework it has', async () => {
    const { api, seen } = apiAnswering(json({}), json({}));
    await api.schema('Acc1', 'pytorch');
    await api.schema();
    expect(seen[0].url.pathname).toBe('/base/ncp-df/schema');
    expect(params(seen[0].url)).toEqual({
      account: 'Acc1',
      framework: 'pytorch'
    });
    expect(params(seen[1].url)).toEqual({});
  });

  it('asks for the form, and gets and puts a configuration', async () => {
    const { api, seen } = apiAnswering(
      json({ schema: {}, groups: [], fields: [], frameworks: [] }),
      json({ id: 'W/9', configuration: null }),
      json({ id: 'W/9', configuration: { queueName: 'gpu' } })
    );
    await api.form('Acc1');
    await api.configuration('W/9');
    const saved = await api.setConfiguration('W/9', { queueName: 'gpu' });
    expect(seen[0].url.pathname).toBe('/base/ncp-df/form');
    expect(params(seen[0].url)).toEqual({ account: 'Acc1' });
    expect(seen[1].url.pathname).toBe(
      '/base/ncp-df/workspaces/W%2F9/configuration'
    );
    expect(seen[2].method).toBe('PUT');
    expect(JSON.parse(seen[2].body)).toEqual({
      configuration: { queueName: 'gpu' }
    });
    expect(saved.configuration).toEqual({ queueName: 'gpu' });
  });

  it('posts a new workspace as JSON and deletes by escaped id', async () => {
    const { api, seen } = apiAnswering(
      json({ id: 'W9' }, 201),
      new Response(null, { status: 204 })
    );
    const body = { accountId: 'Acc1', name: 'train-1' };
    expect(await api.createWorkspace(body)).toEqual({ id: 'W9' });
    await expect(api.deleteWorkspace('W/9')).resolves.toBeUndefined();
    expect(seen[0].method).toBe('POST');
    expect(JSON.parse(seen[0].body)).toEqual(body);
    expect(seen[1].method).toBe('DELETE');
    expect(seen[1].url.pathname).toBe('/base/ncp-df/workspaces/W%2F9');
  });
});

describe('DataForestAPI failures', () => {
  it('rejects with the server’s sentence, kind and problems', async () => {
    const { api } = apiAnswering(
      json(
        {
          error: 'ValidationError',
          message: 'Name must start with a lowercase letter.',
          problems: [
            { field: 'name', message: 'must start with a lowercase letter' },
            { field: 3, message: 'not a problem' },
            'nor this'
          ]
        },
        400
      )
    );
    const failure = api.createWorkspace({ name: 'Bad' });
    await expect(failure).rejects.toBeInstanceOf(RequestError);
    const error = (await failure.catch((e: unknown) => e)) as RequestError;
    expect(error.message).toBe('Name must start with a lowercase letter.');
    expect(error.status).toBe(400);
    expect(error.kind).toBe('ValidationError');
    expect(error.problems).toEqual([
      { field: 'name', message: 'must start with a lowercase letter' }
    ]);
  });

  it('keeps the person-first msgid and the details of an answer', async () => {
    const { api } = apiAnswering(
      json(
        {
          error: 'NetworkError',
          message: 'Cannot reach DataForest at 127.0.0.1:8950: is it running?',
          messageId: 'Cannot reach DataForest at {host}: is it running?',
          messageArgs: { host: '127.0.0.1:8950' },
          details: {
            kind: 'NetworkError',
            operation: 'accounts.getList',
            status: null,
            traceId: 'T-1',
            said: null,
            sentence: 'DataForest accounts.getList could not reach the service.'
          }
        },
        502
      )
    );
    const error = (await api
      .accounts()
      .catch((e: unknown) => e)) as RequestError;
    expect(error.messageId).toEqual({
      id: 'Cannot reach DataForest at {host}: is it running?',
      args: { host: '127.0.0.1:8950' }
    });
    expect(error.details).toEqual({
      kind: 'NetworkError',
      operation: 'accounts.getList',
      status: null,
      traceId: 'T-1',
      said: null,
      sentence: 'DataForest accounts.getList could not reach the service.'
    });
  });

  it('names the HTTP status when the error body is not the server’s', async () => {
    const { api } = apiAnswering(
      new Response('<html>proxy</html>', {
        status: 502,
        statusText: 'Bad Gateway'
      })
    );
    const error = (await api.status().catch((e: unknown) => e)) as RequestError;
    expect(error).toBeInstanceOf(RequestError);
    expect(error.message).toBe('502 Bad Gateway');
    expect(error.kind).toBeUndefined();
    expect(error.problems).toEqual([]);
    expect(error.messageId).toBeUndefined();
    expect(error.details).toBeUndefined();
  });

  it('refuses a successful answer that is not JSON', async () => {
    const { api } = apiAnswering(new Response('<html>login</html>'));
    await expect(api.accounts()).rejects.toThrow(
      `The server sent a response that is not JSON (${BASE}ncp-df/accounts)`
    );
  });

  it('rejects with a NetworkError when the server cannot be reached', async () => {
    const { api } = apiAnswering(new TypeError('Failed to fetch'));
    await expect(api.status()).rejects.toBeInstanceOf(
      ServerConnection.NetworkError
    );
  });
});
