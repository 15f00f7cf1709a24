/**
 * The workspace JSON Schema as the Python package ships it: the one statement
 * of the rules, read (never copied) so these tests check the sidebar against
 * the rules the server serves.
 */
import { existsSync, readFileSync } from 'fs';
import { resolve } from 'path';

import type { JSONObject } from '../api';

const ROOT = resolve(__dirname, '..', '..');

/** The core's folder first, then the package's (before the core moved). */
const CANDIDATES = [
  'ncp_df_jupyter/core/schema/workspace.schema.json',
  'ncp_df_jupyter/schema/workspace.schema.json'
];

/** A fresh copy of the workspace schema (tests may add served choices to it). */
export function workspaceSchema(): JSONObject {
  const path = CANDIDATES.map(file => resolve(ROOT, file)).find(existsSync);
  if (path === undefined) {
    throw new Error(`No workspace schema at ${CANDIDATES.join(' or ')}`);
  }
  return JSON.parse(readFileSync(path, 'utf-8')) as JSONObject;
}
