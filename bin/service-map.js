#!/usr/bin/env node
// The CLI is built into dist/ by `npm run build` (run by `npm ci` through `prepare`).
import process from 'node:process';
import { runCli } from '../dist/cli/main.js';

process.exitCode = await runCli(process.argv.slice(2));
