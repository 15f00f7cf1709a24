import { ServerConnection } from '@jupyterlab/services';

import { describeFailure, failureText } from '../failure';
import { translatePython } from '../i18n';
import { RequestError } from '../request';
import { english } from './english';

const UNREACHABLE = {
  error: 'NetworkError',
  message:
    'Cannot reach DataForest at 127.0.0.1:8950: is `ncp-df demo` still running?',
  messageId:
    'Cannot reach DataForest at {host}: is `ncp-df demo` still running?',
  messageArgs: { host: '127.0.0.1:8950' },
  details: {
    kind: 'NetworkError',
    operation: 'accounts.getList',
    status: null,
    traceId: null,
    said: null,
    sentence:
      'DataForest accounts.getList could not reach the service: refused.'
  }
};

describe('describeFailure', () => {
  it('leads with what to do, the technical details behind', () => {
    const error = new RequestError(UNREACHABLE.message, 502, UNREACHABLE);
    const failure = describeFailure(error, english);
    expect(failure.text).toBe(UNREACHABLE.message);
    expect(failure.said).toBeNull();
    expect(failure.details).toEqual([
      ['Operation', 'accounts.getList'],
      ['Error', 'NetworkError'],
      ['Technical message', UNREACHABLE.details.sentence]
    ]);
    expect(failureText(failure, english)).toContain(
      'Operation: accounts.getList'
    );
  });

  it('translates the server’s msgid, its arguments as they came', () => {
    const korean = {
      ...english,
      __: (msgid: string) =>
        msgid === UNREACHABLE.messageId
          ? '{host}의 DataForest에 연결할 수 없습니다'
          : msgid
    };
    const error = new RequestError(UNREACHABLE.message, 502, UNREACHABLE);
    expect(describeFailure(error, korean).text).toBe(
      '127.0.0.1:8950의 DataForest에 연결할 수 없습니다'
    );
  });

  it('shows the service’s own words under the sentence', () => {
    const body = {
      ...UNREACHABLE,
      messageId: 'DataForest failed to answer.',
      messageArgs: {},
      details: { ...UNREACHABLE.details, status: 503, said: 'Endpoint Error' }
    };
    const failure = describeFailure(new RequestError('x', 502, body), english);
    expect(failure.text).toBe('DataForest failed to answer.');
    expect(failure.said).toBe('Endpoint Error');
    expect(failure.details).toContainEqual([
      'HTTP status of DataForest',
      '503'
    ]);
  });

  it('keeps the core’s sentence when the server has no msgid for it', () => {
    const body = { error: 'ValidationError', message: 'name must be short.' };
    const failure = describeFailure(
      new RequestError(body.message, 400, body),
      english
    );
    expect(failure.text).toBe('name must be short.');
    expect(failure.said).toBeNull();
    expect(failure.details).toEqual([['Error', 'ValidationError']]);
  });

  it('says the Jupyter server cannot be reached, not DataForest', () => {
    const down = new ServerConnection.NetworkError(
      new TypeError('Failed to fetch')
    );
    expect(describeFailure(down, english).text).toMatch(
      /^Cannot reach the Jupyter server/
    );
  });
});

describe('translatePython', () => {
  it('puts the arguments into `{name}` placeholders, leaving unknown ones', () => {
    expect(
      translatePython(english, 'at {host} in {seconds} s {other}', {
        host: 'h',
        seconds: 5
      })
    ).toBe('at h in 5 s {other}');
  });
});
