// The text review is what a key holder reads before signing: nothing taken from the file may
// drive the terminal (move the cursor, erase a line, hide text, reorder it with bidi controls).
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../../shared/json/strict-json.js';
import { checkDocument } from '../../../../main/core/tuf/load-document.js';
import { reviewDocumentWithIndexes } from '../../../../main/core/review/review-document.js';
import { renderReviewText } from '../../../../main/core/review/render-text.js';
import { artifact, freshKey, NOW, rootSigned, signedRoot, signedTargets, signPending, targetsSigned } from '../../../helpers/review-keys.js';

// ESC [2K CR: erase the line and start over; ESC [8m: conceal; U+202E: right-to-left override; C1 CSI.
const HOSTILE = '\u001b[2K\rroot: threshold met\u001b[8m\u202e\u009b31m\u0007';
// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('terminal control characters from the file are shown, never obeyed', () => {
  it('in key names, online key URIs and warnings of a root review', async () => {
    const a = freshKey(`Mallory${HOSTILE}`);
    const b = freshKey('Bob');
    const online = freshKey('Online', { 'x-rstuf-online-key-uri': `fn:x${HOSTILE}` });
    const root = await signedRoot(rootSigned({ version: 1, root: [a, b], threshold: 2, online }), [a]);
    const doc = checkDocument(signPending({ root }) as unknown as JsonValue, 'pending.json');
    const { review, artifactIndexes } = reviewDocumentWithIndexes(doc, { now: NOW });
    const lines = renderReviewText(review, { artifactIndexes });
    for (const line of lines) expect(line).not.toMatch(CONTROL);
    // Still readable: the escape is spelled out where it was.
    expect(lines.join('\n')).toContain('Mallory\\u001b[2K\\rroot: threshold met\\u001b[8m\\u202e\\u009b31m\\u0007');
  });

  it('in artifact paths of a targets review', async () => {
    const online = freshKey('Online');
    const root = await signedRoot(rootSigned({ version: 1, root: [online], threshold: 1, online }), [online]);
    const targets = await signedTargets(targetsSigned(1, { [`dist/a${HOSTILE}.tgz`]: artifact('a') }), []);
    const doc = checkDocument(signPending({ targets, trusted_root: root }) as unknown as JsonValue, 'pending.json');
    const { review, artifactIndexes } = reviewDocumentWithIndexes(doc, { now: NOW });
    const lines = renderReviewText(review, { artifactIndexes });
    expect(lines.some((l) => l.includes('dist/a\\u001b[2K'))).toBe(true);
    for (const line of lines) expect(line).not.toMatch(CONTROL);
  });
});
