import { readFileSync } from 'fs';
import { resolve } from 'path';

import type { IWorkspace } from '../api';
import { codeFor, hasCode, magicToken, pyString } from '../code';
import { workspaceRow } from './fixtures';

function workspace(
  name: string,
  id: string,
  more: Partial<IWorkspace> = {}
): IWorkspace {
  return workspaceRow(id, name, more);
}

/** Where Python's str.splitlines (and so IPython) cuts a cell into lines. */
// eslint-disable-next-line no-control-regex -- those line breaks are control characters
const PYTHON_LINE_BREAKS = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;

/**
 * Texts and the token Python's kernel/magic_code.magic_token writes for each
 * (tests/kernel/test_magic_tokens.py checks them in a real IPython).
 */
const VECTORS = JSON.parse(
  readFileSync(
    resolve(__dirname, '..', '..', 'tests', 'kernel', 'magic_tokens.json'),
    'utf-8'
  )
) as Array<{ text: string; token: string | null }>;

const CANARY = '{__import__("os").system("touch /tmp/x")}';

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
    expect(code?.split('\n')).toHaveLength(6);
  });

  it('escapes every line break Python knows, in the comment and the string', () => {
    const hostile = 'a\u2028!touch /tmp/x\u2029\x85\x1b[31m\u202e';
    const code = codeFor(workspace(hostile, hostile), null, 'python') ?? '';
    expect(code.split(PYTHON_LINE_BREAKS)).toHaveLength(6);
    expect(code).toContain(
      'get_workspace("a\\u2028!touch /tmp/x\\u2029\\u0085\\u001b[31m\\u202e")'
    );
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

  it('makes braces and dollars inert in the magics line', () => {
    expect(codeFor(workspace(CANARY, 'W1'), 'A9', 'magics')).toBe(
      '%load_ext ncp_df_jupyter\n' +
        `%df_show '{{__import__("os").system("touch /tmp/x")}}' --account A9`
    );
    expect(codeFor(workspace('$HOME', 'W1'), null, 'magics')).toBe(
      "%load_ext ncp_df_jupyter\n%df_show '$''HOME'"
    );
  });

  it('names the workspace by id when its name cannot go on a line', () => {
    for (const name of [
      'x\n!touch /tmp/x',
      'x\u2028y',
      'x\x1b]0;t\x07',
      '\u202eabc'
    ]) {
      const code = codeFor(workspace(name, 'W1'), 'A9', 'magics') ?? '';
      expect(code).toBe('%load_ext ncp_df_jupyter\n%df_show W1 --account A9');
      expect(code.split(PYTHON_LINE_BREAKS)).toHaveLength(2);
    }
  });

  it('follows the server: the id for an off-shape name, no code for an off-shape id', () => {
    const offName = workspace('Fine Looking', 'W1', { malformed: ['name'] });
    expect(codeFor(offName, null, 'magics')).toBe(
      '%load_ext ncp_df_jupyter\n%df_show W1'
    );
    expect(codeFor(offName, null, 'python')).toContain(
      '# DataForest workspace "W1"'
    );
    const offId = workspace('train-1', 'not an id', { malformed: ['id'] });
    expect(codeFor(offId, null, 'magics')).toBeNull();
    expect(codeFor(offId, null, 'python')).toBeNull();
    expect(hasCode(offId)).toBe(false);
    expect(hasCode(offName)).toBe(true);
  });

  it('writes no magics when neither the name nor the id can go on a line', () => {
    expect(codeFor(workspace('a\nb', 'c\nd'), null, 'magics')).toBeNull();
    expect(codeFor(workspace('ok', 'W1'), 'A\n9', 'magics')).toBeNull();
  });
});

describe('magicToken', () => {
  it('writes every token as Python’s magic_code does', () => {
    expect(VECTORS.length).toBeGreaterThan(20);
    for (const { text, token } of VECTORS) {
      expect([text, magicToken(text)]).toEqual([text, token]);
    }
  });
});

describe('pyString', () => {
  it('is JSON for ordinary text, Korean included', () => {
    expect(pyString('한글 "q" \\')).toBe('"한글 \\"q\\" \\\\"');
  });
});
