#!/usr/bin/env -S node --max-semi-space-size=64
// Entry point of the `learnloop` command: loads the TypeScript sources through tsx.
// A larger young generation: bulk loads and ingest make many short-lived objects per event, and
// with V8's default the scavenger promoted and copied them several times (the demo took 3-5 s longer).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
