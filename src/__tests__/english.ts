/**
 * The translator of the tests: English, as JupyterLab's bundle is without a
 * catalogue (placeholders `%1`, `%2`; `_n` picks the plural and its `%1` is
 * the count). @jupyterlab/translation itself is an ES module Jest does not load.
 */
import type { Trans } from '../i18n';

function format(text: string, args: unknown[]): string {
  return text.replace(/%(\d+)/g, (_, index: string) =>
    String(args[Number(index) - 1])
  );
}

export const english = {
  __: (msgid: string, ...args: unknown[]) => format(msgid, args),
  _n: (singular: string, plural: string, n: number, ...args: unknown[]) =>
    format(n === 1 ? singular : plural, [n, ...args]),
  _p: (_context: string, msgid: string, ...args: unknown[]) =>
    format(msgid, args)
} as unknown as Trans;
