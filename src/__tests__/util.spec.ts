import { isObject, messageOf, when } from '../util';

describe('when', () => {
  it('is empty without a timestamp', () => {
    expect(when(null)).toBe('');
    expect(when('')).toBe('');
  });

  it('gives back text that is not a date as it is', () => {
    expect(when('yesterday')).toBe('yesterday');
  });

  it('shows a timestamp as a medium date with a short time', () => {
    const iso = '2026-03-04T05:06:07Z';
    const expected = new Date(iso).toLocaleString(undefined, {
      dateStyle: 'medium',
      timeStyle: 'short'
    });
    expect(when(iso)).toBe(expected);
    expect(when(iso)).toContain('2026');
    expect(when(iso)).not.toContain('07Z');
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
