// The layers of main/ (scripts/lint/layers.mjs): the whole import graph goes only downwards and has
// no cycle, and the lint rule that enforces it per import reports a file that imports upwards.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/fixtures.js';
// @ts-expect-error: a plain .mjs module shared with eslint.config.mjs (no type declarations)
import { LAYERS, layerOf, layerViolation } from '../../scripts/lint/layers.mjs';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Repository-relative path -> the repository-relative files it imports (type-only imports too). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const path of sources(join(REPO_ROOT, 'main'))) {
    const text = readFileSync(path, 'utf8');
    const deps: string[] = [];
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
      const target = resolve(dirname(path), m[1] as string).replace(/\.js$/, '.ts');
      if (existsSync(target)) deps.push(relative(REPO_ROOT, target));
    }
    graph.set(relative(REPO_ROOT, path), deps);
  }
  return graph;
}

/** Every cycle's files (strongly connected components of more than one file, or a self-import). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('layers of main/', () => {
  const graph = importGraph();

  it('puts every file of main/ in a layer', () => {
    expect([...graph.keys()].filter((f) => !layerOf(f))).toEqual([]);
    // Each layer holds code (a layer that lost its files would pass every check vacuously).
    for (const layer of LAYERS as { dir: string }[]) expect([...graph.keys()].some((f) => f.startsWith(layer.dir))).toBe(true);
  });

  it('imports only downwards: core from nothing above, services from core, fronts never from each other', () => {
    const violations = [...graph].flatMap(([from, deps]) => deps.map((to) => layerViolation(from, to)).filter(Boolean));
    expect(violations).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('the checks see a violation and a cycle when there is one', () => {
    expect(layerViolation('main/core/tuf/authorization.ts', 'main/services/services.ts')).toMatch(/main\/core may not import main\/services/);
    expect(layerViolation('main/shells/browser/start.ts', 'main/shells/electron/main.ts')).toMatch(/may not import main\/shells\/electron/);
    expect(layerViolation('main/cli/commands/sign.ts', 'main/services/sign-service.ts')).toBeUndefined();
    expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c']]);
  });

  it('lint reports an upward import in main/core', async () => {
    const eslint = new ESLint({ cwd: REPO_ROOT });
    const [result] = await eslint.lintText("import { createAppServices } from '../../services/services.js';\nexport const services = createAppServices;\n", { filePath: join(REPO_ROOT, 'main/core/tuf/probe.ts') });
    expect(result?.messages.map((m) => m.ruleId)).toContain('layers/no-upward-import');
  });
});
