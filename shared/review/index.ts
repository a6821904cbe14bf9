// The review model's public surface (CLI, main IPC handlers and the renderer import from here).
export * from './types.js';
export { buildReview, artifactIndexFor, reviewArtifactPage, canonicalSignedJson, rootOverview, DEFAULT_ARTIFACT_CHANGE_LIMIT } from './build-review.js';
export { buildArtifactIndex, artifactPage, groupOf, TOP_LEVEL_GROUP, type ArtifactIndex, type ArtifactEntry, type ArtifactPage, type ArtifactPageRequest } from './artifacts.js';
export { describeThreshold, describeDays, daysUntil, printable } from './words.js';
export { EXPIRY_SOON_DAYS, EXPIRY_FAR_YEARS, delegatedRoleNameWarnings, rstufServedRoleName } from './warnings.js';
