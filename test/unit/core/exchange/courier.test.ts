// The courier's library functions against the fake RSTUF API, in process.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createBundle } from '../../../../main/core/exchange/bundle.js';
import { RstufApiClient } from '../../../../main/courier/rstuf-api.js';
import { sendBundle } from '../../../../main/courier/send.js';
import { pullBundle } from '../../../../main/courier/pull.js';
import { FakeRstufApi } from '../../../helpers/fake-rstuf-api.js';
import { pullShapedCases } from '../../../helpers/exchange-fixtures.js';
import { cliFixture, readFixtureJson } from '../../../helpers/fixtures.js';

let work: string;
let fake: FakeRstufApi;
beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), 'rstuf-courier-unit-'));
  fake = await FakeRstufApi.start({ pollsBeforeDone: 1000 });
});
afterEach(async () => {
  await fake.close();
  rmSync(work, { recursive: true, force: true });
});

it('refuses to send a bundle with nothing RSTUF takes, before any request', async () => {
  const c = pullShapedCases()[0]!;
  writeFileSync(join(work, c.fileName), JSON.stringify(c.json));
  const pending = createBundle([join(work, c.fileName)], join(work, 'pending')).path;
  const api = new RstufApiClient(fake.url);
  await expect(sendBundle({ api, bundlePath: pending })).rejects.toMatchObject({ code: 'BUNDLE_INVALID', message: expect.stringContaining('no signature yet') });
  await expect(sendBundle({ api, bundlePath: cliFixture('v2.json') })).rejects.toMatchObject({ code: 'BUNDLE_INVALID', message: expect.stringContaining('no endpoint') });
  expect(fake.requests).toHaveLength(0);
});

it('a task that never ends is reported as timed out with its id, and send is not ok', async () => {
  fake.bootstrap = 'signing';
  fake.signing.set('root', readFixtureJson(cliFixture('sign_pending_roles.json')).data.metadata.root);
  const report = await sendBundle({ api: new RstufApiClient(fake.url), bundlePath: cliFixture('sign.json'), pollIntervalMs: 5, timeoutMs: 100 });
  expect(report.ok).toBe(false);
  expect(report.results).toHaveLength(1);
  expect(report.results[0]).toMatchObject({ outcome: 'timed-out', state: 'STARTED', taskId: expect.stringMatching(/^[0-9a-f]{32}$/) });
  expect(report.results[0]!.message).toContain(`task_id=${report.results[0]!.taskId}`);
});

it('pull refuses an answer that is not a sign-pending response and writes nothing', async () => {
  fake.bootstrap = 'signing';
  fake.signing.set('root', { signed: { _type: 'snapshot', version: 1 }, signatures: [] });
  await expect(pullBundle({ api: new RstufApiClient(fake.url), outDir: join(work, 'out') })).rejects.toMatchObject({ code: 'METADATA_INVALID' });
  expect(readdirSync(work)).toEqual([]);
});
