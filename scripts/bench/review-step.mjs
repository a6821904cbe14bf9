// The review step of the pipeline: shared/review's model of what the pending roles change, when
// that module is built; until then the step reports itself as absent and costs nothing.

import { existsSync } from 'node:fs';
import { join } from 'node:path';

export async function loadReviewStep(outDir) {
  const path = join(outDir, 'shared/review/index.js');
  if (!existsSync(path)) return { available: false, run: () => 'not built' };
  return { available: true, run: () => 'todo' };
}
