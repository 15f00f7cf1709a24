import type { IApp, IWorkspace } from './api';
import type { Trans } from './i18n';
import type { IPreferences } from './model';

/** How "Insert code" writes the cell (the `insertCodeStyle` preference). */
type CodeStyle = IPreferences['insertCodeStyle'];

/**
 * Characters that never go into generated code as they are: C0 and C1
 * controls (line breaks, ESC), DEL, the line and paragraph separators,
 * the bidirectional formatting characters and lone surrogates. The same set
 * as `UNSAFE` in ncp_df_jupyter/core/plain_text.py (a Python test compares
 * them).
 */
export const UNSAFE_CHARACTERS =
  '\\x00-\\x1f\\x7f-\\x9f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e' +
  '\\u2066-\\u2069\\ud800-\\udfff';
const UNSAFE = new RegExp(`[${UNSAFE_CHARACTERS}]`, 'gu');
// What shlex.quote leaves unquoted.
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

function hex4(char: string): string {
  return (char.codePointAt(0) ?? 0).toString(16).padStart(4, '0');
}

/**
 * A Python string literal for any text (JSON strings are valid Python), with
 * every unsafe character written as a `\uXXXX` escape: IPython cuts a cell
 * into lines at U+2028 and its kin even inside a string or a comment.
 */
export function pyString(text: string): string {
  return JSON.stringify(text).replace(UNSAFE, char => `\\u${hex4(char)}`);
}

/**
 * One token of a magic's line, as ncp_df_jupyter/kernel/magic_code.py writes
 * it: quoted as `shlex.quote` does, then inert for IPython, which evaluates
 * `{expr}` and replaces `$name` in magic lines even inside quotes (braces are
 * doubled, a `$` is followed by `''`). `null` when the text cannot be on a
 * line at all (a line break, a control or bidirectional character).
 */
export function magicToken(text: string): string | null {
  if (text.match(UNSAFE)) {
    return null;
  }
  const quoted = SHELL_SAFE.test(text)
    ? text
    : `'${text.replace(/'/g, `'"'"'`)}'`;
  return quoted
    .replace(/\{/g, '{{')
    .replace(/\}/g, '}}')
    .replace(/\$/g, "$$''");
}

/**
 * How generated code names the workspace: its name when the server found it
 * of the documented shape, else its id; `null` (no code) when the id itself
 * is not (the client could not fetch it by that id).
 */
function reference(workspace: IWorkspace): string | null {
  const malformed = workspace.malformed ?? [];
  if (malformed.includes('id')) {
    return null;
  }
  return malformed.includes('name') ? workspace.id : workspace.name;
}

/**
 * The cell "Insert code" adds for a workspace, or `null` when no code can be
 * written for it (see `reference`).
 *
 * `python` (the default) uses the package's BlockingClient, which reads the
 * same credentials as the server (environment or ~/.ncloud/configure) and
 * needs nothing else; `magics` uses the package's IPython magics.
 */
export function codeFor(
  workspace: IWorkspace,
  accountId: string | null,
  style: CodeStyle
): string | null {
  const name = reference(workspace);
  if (name === null) {
    return null;
  }
  if (style === 'magics') {
    const ws = magicToken(name) ?? magicToken(workspace.id);
    const account = accountId === null ? '' : magicToken(accountId);
    if (ws === null || account === null) {
      return null;
    }
    return [
      '%load_ext ncp_df_jupyter',
      `%df_show ${ws}${account ? ` --account ${account}` : ''}`
    ].join('\n');
  }
  return [
    `# DataForest workspace ${pyString(name)}`,
    'from ncp_df_jupyter import BlockingClient',
    '',
    'dataforest = BlockingClient()',
    `workspace = dataforest.get_workspace(${pyString(workspace.id)})`,
    'workspace.configuration'
  ].join('\n');
}

/** Why "Insert code" offers nothing for a workspace. */
export function noCodeReason(trans: Trans): string {
  return trans.__(
    'No code can be written for this workspace: DataForest gave it an id of an unexpected shape.'
  );
}

/** Whether "Insert code" can write code for the workspace at all. */
export function hasCode(workspace: IWorkspace): boolean {
  return reference(workspace) !== null;
}

/**
 * The cell "Insert code" adds for an AI app, or `null` when none can be
 * written: `%df_app` with its name (else its id) and the account, or Python
 * reading it by id with the BlockingClient.
 */
export function runCodeFor(
  app: IApp,
  accountId: string | null,
  style: CodeStyle
): string | null {
  if (style === 'magics') {
    const ref = (app.name ? magicToken(app.name) : null) ?? magicToken(app.id);
    const account = accountId === null ? '' : magicToken(accountId);
    if (ref === null || account === null) {
      return null;
    }
    return [
      '%load_ext ncp_df_jupyter',
      `%df_app ${ref}${account ? ` --account ${account}` : ''}`
    ].join('\n');
  }
  return [
    `# DataForest AI app ${pyString(app.name || app.id)}`,
    'from ncp_df_jupyter import BlockingClient',
    '',
    'dataforest = BlockingClient()',
    `app = dataforest.get_app(${pyString(app.id)})`,
    'app'
  ].join('\n');
}
