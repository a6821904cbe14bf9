// The verify + review step of the pipeline: main/review's reviewDocument, which computes every
// pending role's signature status (roleStatus) and the review model the holder reads.

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export async function loadReviewStep(outDir) {
  const { reviewDocument } = await import(pathToFileURL(join(outDir, 'main/review/index.js')).href);
  return {
    run(doc) {
      const review = reviewDocument(doc);
      const roles = review.roles ?? [];
      return { roles: roles.length, warnings: roles.reduce((n, r) => n + (r.warnings?.length ?? 0), 0) };
    },
  };
}
