/**
 * Translations: every string a person reads in the sidebar and its form goes
 * through JupyterLab's translator, in the package's domain. The catalogues are
 * ncp_df_jupyter/locale/<ll_CC>/LC_MESSAGES/ncp_df_jupyter.po (compiled to
 * .json by the build; JupyterLab finds them through the package's
 * `jupyterlab.locale` entry point).
 */
import type { ITranslator, TranslationBundle } from '@jupyterlab/translation';

import type { IAccount } from './api';

/**
 * The domain: the entry point's name. With underscores only: JupyterLab turns
 * just the first dash of a domain into an underscore.
 */
export const DOMAIN = 'ncp_df_jupyter';

/** The sidebar's translations. */
export type Trans = TranslationBundle;

/** The bundle of the package's domain. */
export function bundle(translator: ITranslator): Trans {
  return translator.load(DOMAIN);
}

/**
 * A text of the Python side (the server's msgids use `{name}` placeholders),
 * translated, with its arguments put in as plain text.
 */
export function translatePython(
  trans: Trans,
  msgid: string,
  args: Record<string, unknown> = {}
): string {
  return trans
    .__(msgid)
    .replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in args ? String(args[name]) : whole
    );
}

/** An account as a list names it, in the viewer's language. */
export function accountLabel(account: IAccount, trans: Trans): string {
  return account.labelId
    ? translatePython(trans, account.labelId, { name: account.name })
    : account.label;
}
