// Entry point of the rstuf-signer binary (bin/rstuf-signer.js imports this module).
import { runCli } from './run-cli.js';
import { processIo } from './io.js';

process.exitCode = await runCli(process.argv.slice(2), processIo());
