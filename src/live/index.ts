// The live scanner's public surface (the tree view and `trailguard scan` use it). No `vscode` here.
export { scanAccount, type ScanOptions, type ScanProgress } from './scanAccount';
export { scanAccounts, type MultiScanOptions } from './scanAccounts';
export type { AssumeRoleSettings } from './accountDirectory';
export { listProfiles, resolveProfileSettings, type ProfileSettings } from './profiles';
export { scannerIamActions, scannerIamPolicy } from './iamPolicy';
export type * from './types';
export { validateTrailLogFiles, type LogFilesValidation, type ValidateLogFilesOptions } from './validateLogFiles';
export { retentionForScans, type RetentionForScansOptions } from './retentionForScans';
