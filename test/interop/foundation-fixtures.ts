// Shared by the foundation suites (unit, interop, cli): which RSTUF fixtures hold metadata, and
// the key ids of RSTUF's three test key holders.
import { apiFixture, cliFixture } from '../helpers/fixtures.js';

/** JimiHendrix's Key (JH.ed25519), JanisJoplin's Key (JJ.ecdsa), JoeCocker's Key (JC.rsa). */
export const JH = 'c6d8bf2e4f48b41ac2ce8eca21415ca8ef68c133b47fc33df03d4070a7e1e9cc';
export const JJ = '50d7e110ad65f3b2dba5c3cfc8c5ca259be9774cc26be3410044ffd4be3aa5f3';
export const JC = '2f685fa7546f1856b123223ab086b3def14c89d24eef18f49c32508c2f60e241';

/** Every metadata file among the fixtures; the others are keys, certificates, docs or non-TUF JSON. */
export const METADATA_FIXTURES = [
  cliFixture('ceremony.json'),
  cliFixture('ceremony_das.json'),
  cliFixture('sign_pending_roles.json'),
  cliFixture('update.json'),
  cliFixture('v1.json'),
  cliFixture('v2.json'),
  cliFixture('root.json'),
  apiFixture('payload_bins.json'),
  apiFixture('das-payload.json'),
];
