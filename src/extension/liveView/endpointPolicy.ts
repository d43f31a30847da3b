// Which endpoint override the scanner may use. A repository's `.vscode/settings.json` must not be able to send the
// user's signed AWS requests (and the account's audit evidence) to a host of its choosing, so a workspace-level
// `trailguard.aws.endpointUrl` is only used after the user confirmed that exact value; a user-level one is the
// user's own choice and is used as is. (The profile's `endpoint_url` in ~/.aws/config is the scanner's business.)

export interface SettingLayers<T> {
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

export type EndpointDecision =
  | { kind: 'none' }
  | { kind: 'use'; url: string; from: 'user' | 'workspace' }
  | { kind: 'confirm'; url: string };

export function decideEndpoint(layers: SettingLayers<string> | undefined, confirmedWorkspaceUrl: string | undefined): EndpointDecision {
  const workspaceUrl = (layers?.workspaceFolderValue ?? layers?.workspaceValue ?? '').trim();
  if (workspaceUrl) {
    return workspaceUrl === confirmedWorkspaceUrl ? { kind: 'use', url: workspaceUrl, from: 'workspace' } : { kind: 'confirm', url: workspaceUrl };
  }
  const userUrl = (layers?.globalValue ?? '').trim();
  return userUrl ? { kind: 'use', url: userUrl, from: 'user' } : { kind: 'none' };
}
