import * as React from 'react';
import TestRenderer, {
  act,
  ReactTestInstance,
  ReactTestRenderer
} from 'react-test-renderer';

import type { IWorkspace } from '../api';
import { WorkspaceDetails } from '../components/WorkspaceDetails';
import { english as trans } from './english';

const GOOD: IWorkspace = {
  id: 'W1a2B3',
  name: 'train-1',
  accountName: null,
  description: null,
  disabled: null,
  imageVersion: null,
  createdAt: '2025-02-20T09:32:55+09:00',
  modifiedAt: null,
  image: 'tensorflow:2.15.0-gpu',
  gpus: 'T4 x 1',
  gpuModel: 'T4',
  gpuCount: 1,
  queueName: 'gpu',
  configuration: { docker: { command: 'jupyter lab' } }
};

/** A row whose field holds what its type forbids (an older or newer server). */
const HOSTILE = {
  ...GOOD,
  id: 'X9y8Z7',
  name: 'odd-one',
  createdAt: { seconds: 1740000000 }
} as unknown as IWorkspace;

function panel(workspaces: IWorkspace[]): React.ReactElement {
  return React.createElement(
    'div',
    null,
    workspaces.map(workspace =>
      React.createElement(WorkspaceDetails, {
        key: workspace.id,
        id: `details-${workspace.id}`,
        workspace,
        trans
      })
    )
  );
}

/** The text inside a rendered node, its descendants' included. */
function textOf(node: ReactTestInstance | string): string {
  return typeof node === 'string' ? node : node.children.map(textOf).join('');
}

function texts(renderer: ReactTestRenderer, role?: string): string[] {
  const found = role
    ? renderer.root.findAll(node => node.props.role === role)
    : renderer.root.findAllByType('dd');
  return found.map(textOf);
}

describe('a workspace that cannot be drawn', () => {
  let logged: jest.SpyInstance;
  beforeEach(() => {
    // React reports the caught error on the console; the boundary does too.
    logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => logged.mockRestore());

  it('costs its own details only, with one line saying so', () => {
    let renderer!: ReactTestRenderer;
    act(() => {
      renderer = TestRenderer.create(panel([HOSTILE, GOOD]));
    });
    const alerts = texts(renderer, 'alert');
    expect(alerts).toHaveLength(1);
    // React's or the component's own words for what went wrong, in brackets.
    expect(alerts[0]).toMatch(
      /^The configuration of odd-one cannot be shown \(.+\)\.$/
    );
    expect(texts(renderer)).toContain('jupyter lab'); // the other one is whole
    expect(logged).toHaveBeenCalled();
  });

  it('is drawn again when the next refresh brings readable data', () => {
    let renderer!: ReactTestRenderer;
    act(() => {
      renderer = TestRenderer.create(panel([HOSTILE]));
    });
    expect(texts(renderer, 'alert')).toHaveLength(1);
    act(() => {
      renderer.update(panel([{ ...HOSTILE, createdAt: null }]));
    });
    expect(texts(renderer, 'alert')).toEqual([]);
    expect(texts(renderer)).toEqual([
      'X9y8Z7',
      'tensorflow:2.15.0-gpu',
      'jupyter lab',
      'T4 x 1'
    ]);
  });
});
