#!/usr/bin/env node
import { main } from '../src/main.ts';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`devstack: ${err.message}`);
    process.exit(1);
  },
);
