import { sortWorkspaces } from '../sorting';
import { workspaceRow } from './fixtures';

const rows = [
  workspaceRow('W1', 'beta', { createdAt: '2026-12-01T15:00:00+09:00' }),
  workspaceRow('W2', 'alpha', { createdAt: null }),
  // Earlier than W1 in absolute time, though its text sorts later.
  workspaceRow('W3', 'gamma', { createdAt: '2026-12-01T07:00:00Z' }),
  workspaceRow('W4', 'delta', { createdAt: 'not a time' })
];

describe('sortWorkspaces', () => {
  it('puts the newest first by the time itself, undated ones last', () => {
    expect(sortWorkspaces(rows, 'newest').map(w => w.id)).toEqual([
      'W3',
      'W1',
      'W2',
      'W4'
    ]);
  });

  it('puts the oldest first, undated ones still last', () => {
    expect(sortWorkspaces(rows, 'oldest').map(w => w.id)).toEqual([
      'W1',
      'W3',
      'W2',
      'W4'
    ]);
  });

  it('sorts by name, and leaves the list it was given alone', () => {
    expect(sortWorkspaces(rows, 'name').map(w => w.name)).toEqual([
      'alpha',
      'beta',
      'delta',
      'gamma'
    ]);
    expect(rows.map(w => w.id)).toEqual(['W1', 'W2', 'W3', 'W4']);
  });
});
