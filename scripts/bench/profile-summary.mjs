// Reads the .cpuprofile that node --cpu-prof wrote into `dir` and returns the functions with the
// most self time, named "function (file:line)" relative to the repository.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export function summarizeProfile(dir, repo, top = 15) {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return [];
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMicros = new Map();
  const deltas = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + (deltas[i + 1] ?? 0));
  }
  const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);
  const byName = new Map();
  for (const [id, micros] of selfMicros) {
    const { callFrame } = byId.get(id);
    let where = callFrame.url;
    if (where.startsWith('file://')) where = relative(repo, fileURLToPath(where));
    const name = `${callFrame.functionName || '(anonymous)'}${where ? ` (${where}:${callFrame.lineNumber + 1})` : ''}`;
    byName.set(name, (byName.get(name) ?? 0) + micros);
  }
  return [...byName.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, micros]) => ({ name, ms: micros / 1000, share: (100 * micros) / total }));
}
