import type { IWorkspace } from './api';
import type { IPreferences } from './model';

/** How "Insert code" writes the cell (the `insertCodeStyle` preference). */
type CodeStyle = IPreferences['insertCodeStyle'];

/** A Python string literal for any text (JSON strings are valid Python). */
function pyString(text: string): string {
  return JSON.stringify(text);
}

/**
 * The cell "Insert code" adds for a workspace.
 *
 * `python` (the default) uses the package's BlockingClient, which reads the
 * same credentials as the server (environment or ~/.ncloud/configure) and
 * needs nothing else; `magics` uses the package's IPython magics.
 */
export function codeFor(
  workspace: IWorkspace,
  accountId: string | null,
  style: CodeStyle
): string {
  if (style === 'magics') {
    const account = accountId ? ` --account ${accountId}` : '';
    return [
      '%load_ext ncp_df_jupyter',
      `%df_show ${workspace.name}${account}`
    ].join('\n');
  }
  return [
    `# DataForest workspace ${pyString(workspace.name)}`,
    'from ncp_df_jupyter import BlockingClient',
    '',
    'dataforest = BlockingClient()',
    `workspace = dataforest.get_workspace(${pyString(workspace.id)})`,
    'workspace.configuration'
  ].join('\n');
}
