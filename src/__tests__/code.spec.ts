import type { IWorkspace } from '../api';
import { codeFor } from '../code';
import { workspaceRow } from './fixtures';

function workspace(name: string, id: string): IWorkspace {
  return workspaceRow(id, name);
}

describe('codeFor', () => {
  it('writes BlockingClient code by default, fetching the workspace by id', () => {
    expect(codeFor(workspace('train-1', 'W1a2B3'), 'A9', 'python')).toBe(
      [
        '# DataForest workspace "train-1"',
        'from ncp_df_jupyter import BlockingClient',
        '',
        'dataforest = BlockingClient()',
        'workspace = dataforest.get_workspace("W1a2B3")',
        'workspace.configuration'
      ].join('\n')
    );
  });

  it('quotes names and ids as valid Python string literals', () => {
    const code = codeFor(workspace('say "hi"\\', 'x\ny'), null, 'python');
    expect(code).toContain('# DataForest workspace "say \\"hi\\"\\\\"');
    expect(code).toContain('dataforest.get_workspace("x\\ny")');
    expect(code.split('\n')).toHaveLength(6);
  });

  it('writes the magics with the sidebar’s account', () => {
    expect(codeFor(workspace('train-1', 'W1'), 'A9', 'magics')).toBe(
      '%load_ext ncp_df_jupyter\n%df_show train-1 --account A9'
    );
  });

  it('leaves the account out of the magics when none is selected', () => {
    expect(codeFor(workspace('train-1', 'W1'), null, 'magics')).toBe(
      '%load_ext ncp_df_jupyter\n%df_show train-1'
    );
  });
});
