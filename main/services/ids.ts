// Opaque ids handed to the renderer instead of paths or secrets: 128 random bits, so a renderer
// cannot guess another item's id, and nothing about the path leaks through the id.
import { randomBytes } from 'node:crypto';

export type IdPrefix = 'item' | 'keyfile' | 'token' | 'tokenkey' | 'candidate' | 'chooser' | 'entry' | 'scan';

export function mintId(prefix: IdPrefix): string {
  return `${prefix}-${randomBytes(16).toString('hex')}`;
}
