import { logPageOf, webAddress } from '../logPage';
import { RequestError } from '../request';

const PAGE = 'http://127.0.0.1:43125/logs/application_1/container_1';

describe('a log page to open in a new tab', () => {
  it('is an http(s) address only', () => {
    expect(webAddress(PAGE)).toBe(PAGE);
    expect(webAddress('https://yarn.example/x')).toBe('https://yarn.example/x');
    expect(webAddress('javascript:alert(1)')).toBe(null);
    expect(webAddress('data:text/html,<b>x</b>')).toBe(null);
    expect(webAddress('/relative')).toBe(null);
    expect(webAddress(null)).toBe(null);
  });

  it('is the container’s logUrl when the log route answers a 4xx', () => {
    const notServed = new RequestError('no log URL yet', 404, {});
    expect(logPageOf(notServed, PAGE)).toBe(PAGE);
  });

  it('is the page the server could not read (AppLogError)', () => {
    const unreadable = new RequestError('login needed', 502, {
      error: 'AppLogError',
      url: 'https://yarn.example/log',
      needsLogin: true
    });
    expect(logPageOf(unreadable, PAGE)).toBe('https://yarn.example/log');
  });

  it('is none for other failures or an address that is not a web page', () => {
    expect(logPageOf(new RequestError('down', 502, {}), PAGE)).toBe(null);
    expect(logPageOf(new Error('network'), PAGE)).toBe(null);
    expect(
      logPageOf(new RequestError('x', 404, {}), 'javascript:alert(1)')
    ).toBe(null);
  });
});
