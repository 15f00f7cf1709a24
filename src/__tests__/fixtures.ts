// Rows as the server sends them, for the tests: every field present, the
// ones a test does not care about empty.
import type { IAccount, IWorkspace } from '../api';

/** A workspace row of GET /ncp-df/workspaces; `more` sets any other field. */
export function workspaceRow(
  id: string,
  name: string,
  more: Partial<IWorkspace> = {}
): IWorkspace {
  return {
    id,
    name,
    accountName: null,
    description: null,
    disabled: null,
    imageVersion: null,
    createdAt: null,
    modifiedAt: null,
    image: null,
    gpus: '',
    gpuModel: null,
    gpuCount: null,
    queueName: null,
    configuration: null,
    ...more
  };
}

/** An account row of GET /ncp-df/accounts, labelled as the server labels it. */
export function accountRow(
  id: string,
  name: string,
  disabled = false
): IAccount {
  const label = disabled ? `${name} (no permission)` : name;
  return {
    id,
    name,
    principal: null,
    status: null,
    disabled,
    createdAt: null,
    label
  };
}
