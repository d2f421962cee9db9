#!/usr/bin/env node
/** The `pixmock` command: a thin shell that parses arguments and calls the library. */
import { Command } from 'commander';
import { createContractsCommand } from './contracts-command.js';
import { createProxyCommand } from './proxy-command.js';
import { createServeCommand } from './serve-command.js';
import { createVerifyCommand } from './verify-command.js';
import { createWaitCommand } from './wait-command.js';

const program = new Command('pixmock')
  .description('Mock upstreams and contract tests for the aibabe, chatfire and Dify image APIs.')
  .addCommand(createServeCommand())
  .addCommand(createVerifyCommand())
  .addCommand(createProxyCommand())
  .addCommand(createContractsCommand())
  .addCommand(createWaitCommand());

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`pixmock: ${(error as Error).message}\n`);
  process.exit(2);
});
