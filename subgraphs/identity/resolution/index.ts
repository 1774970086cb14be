// The identity-resolution engine's public API: full and incremental resolution, configuration and stable IDs.
export { bundledConfig, ConfigError, loadResolutionConfig, validateResolutionConfig } from './config.ts';
export { IdentityIndex, type ConstraintTags, type IncrementalChange } from './incremental.ts';
export { resolve } from './resolve.ts';
export { clusterIdOf, reconcileClusterIds, type IdAssignment } from './stable-id.ts';
export { NORMALIZERS } from './normalize/registry.ts';
export type * from './types.ts';
