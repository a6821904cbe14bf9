// What main (CLI and the Electron IPC handlers) uses to review a document.
export { reviewDocument, reviewDocumentWithIndexes, reviewInputOf, artifactIndexOfRole, canonicalOfRole, type DocumentReviewOptions } from './review-document.js';
export { toSignatureSummary, toThresholdSummary, keyIdIssuesOf } from './signature-summary.js';
