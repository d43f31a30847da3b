// The live scanner's public surface (the tree view and `trailguard scan` use it). No `vscode` here.
export { scanAccount, type ScanOptions, type ScanProgress } from './scanAccount';
export { listProfiles, resolveProfileSettings, type ProfileSettings } from './profiles';
export { scannerIamActions, scannerIamPolicy } from './iamPolicy';
export type * from './types';
