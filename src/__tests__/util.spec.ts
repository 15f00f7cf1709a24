import { isObject, messageOf, plain, when } from '../util';

describe('when', () => {
  it('is empty without a timestamp', () => {
    expect(when(null)).toBe('');
    expect(when('')).toBe('');
  });

  it('gives back text that is not a date as it is', () => {
    expect(when('yesterday')).toBe('yesterday');
  });

  it('shows a service time in the viewer’s zone, with the zone', () => {
    // DataForest answers in KST; the viewer may be anywhere.
    const stamp = '2026-12-01T15:53:00+09:00';
    expect(when(stamp, 'Asia/Seoul')).toBe('2026-12-01 15:53 KST');
    expect(when(stamp, 'UTC')).toBe('2026-12-01 06:53 UTC');
    expect(when(stamp, 'America/Los_Angeles')).toBe('2026-11-30 22:53 PST');
  });

  it('reads a stamp without a zone as UTC, as the notebook faces do', () => {
    // the same vector as tests/core/test_times.py
    expect(when('2026-12-01T06:53:00', 'Asia/Seoul')).toBe(
      '2026-12-01 15:53 KST'
    );
    expect(when('2026-12-01T06:53:00.5', 'UTC')).toBe('2026-12-01 06:53 UTC');
  });

  it('writes midnight as 00, not 24', () => {
    expect(when('2026-01-02T00:05:00Z', 'UTC')).toBe('2026-01-02 00:05 UTC');
  });
});

describe('isObject', () => {
  it('accepts plain objects only', () => {
    expect(isObject({ a: 1 })).toBe(true);
    expect(isObject({})).toBe(true);
    expect(isObject(null)).toBe(false);
    expect(isObject([1])).toBe(false);
    expect(isObject('text')).toBe(false);
    expect(isObject(undefined)).toBe(false);
  });
});

describe('messageOf', () => {
  it('is an error’s message, or the thing as text', () => {
    expect(messageOf(new Error('The key is not valid'))).toBe(
      'The key is not valid'
    );
    expect(messageOf('plain')).toBe('plain');
    expect(messageOf(42)).toBe('42');
  });
});

describe('plain', () => {
  it('is text for anything, JSON for objects', () => {
    expect(plain(null)).toBe('');
    expect(plain(undefined)).toBe('');
    expect(plain(3)).toBe('3');
    expect(plain({ a: 1 })).toBe('{"a":1}');
  });
});
