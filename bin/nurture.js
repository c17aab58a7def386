#!/usr/bin/env node
'use strict';
/**
 * The `nurture` command (package.json "bin") for plain `node`, from any working directory:
 * registers tsx's CommonJS loader (TypeScript on the fly, no build step), then runs
 * cli/nurture.ts. tsx must be installed beside the package (see the README).
 */
require('tsx/cjs');
const { run } = require('../cli/nurture.ts');

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(`✘ ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
