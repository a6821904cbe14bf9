// Entry point of the rstuf-signer binary (bin/rstuf-signer.js imports this module).
import { runCli } from './run-cli.js';
import { processIo } from './io.js';

// `rstuf-signer inspect big.json | head` closes the pipe early: that is the reader's choice, not
// an error worth a stack trace. Stop quietly (128 + SIGPIPE, as shell tools do).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(141);
    throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2), processIo());
