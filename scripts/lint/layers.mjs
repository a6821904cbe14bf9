// The layers of main/, as data: a file may import from its own layer and the ones below it, never
// from a layer above, and two front ends never import each other. eslint.config.mjs enforces it
// per import (rule layers/no-upward-import); test/config/layers.test.ts checks the whole graph,
// cycles included.
//
//   main/core/       tuf, keys, signers (key file and PKCS#11), tokens, exchange, trust, review,
//                    ceremony, platform: every TUF and RSTUF decision, plain Node
//   main/services/   the desktop app's services and the IPC dispatcher, over core
//   main/courier/    the CLI's online side (pull/send), over core
//   main/cli/        rstuf-signer, a front end over services, courier and core
//   main/shells/electron/, main/shells/browser/   the two desktop shells, fronts over services
import { dirname, relative, resolve } from 'node:path';

export const LAYERS = [
  { name: 'core', dir: 'main/core/', mayImport: ['core'] },
  { name: 'services', dir: 'main/services/', mayImport: ['core', 'services'] },
  { name: 'courier', dir: 'main/courier/', mayImport: ['core', 'courier'] },
  { name: 'cli', dir: 'main/cli/', mayImport: ['core', 'services', 'courier', 'cli'] },
  { name: 'shells/electron', dir: 'main/shells/electron/', mayImport: ['core', 'services', 'shells/electron'] },
  { name: 'shells/browser', dir: 'main/shells/browser/', mayImport: ['core', 'services', 'shells/browser'] },
];

/** The layer of a repository-relative path ("main/core/tuf/x.ts"), or undefined outside main/. */
export function layerOf(path) {
  return LAYERS.find((l) => path.startsWith(l.dir));
}

/** Why `from` may not import `to` (repository-relative paths), or undefined when it may. */
export function layerViolation(from, to) {
  const a = layerOf(from);
  if (!a) return undefined;
  if (!to.startsWith('main/')) return undefined;
  const b = layerOf(to);
  if (!b) return `${from} imports ${to}, which is in no layer of main/ (see scripts/lint/layers.mjs)`;
  if (a.mayImport.includes(b.name)) return undefined;
  return `main/${a.name} may not import main/${b.name} (${to}): layers import only downwards (${a.name} may use ${a.mayImport.join(', ')})`;
}

const REPO_ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../..');

/** The ESLint rule: every relative import of a file in main/ stays within what its layer may use. */
export const noUpwardImport = {
  meta: { type: 'problem', schema: [], messages: { upward: '{{why}}' } },
  create(context) {
    const from = relative(REPO_ROOT, context.filename);
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const to = relative(REPO_ROOT, resolve(dirname(context.filename), spec));
      const why = layerViolation(from, to);
      if (why) context.report({ node: node.source, messageId: 'upward', data: { why } });
    };
    return { ImportDeclaration: check, ImportExpression: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};
