import 'reflect-metadata';
import { parseCommand, USAGE, type Command } from './cli/args';
import { runDryRun, runGenerate, runPublish, runScore, type Io } from './cli/commands';

/**
 * Continuity outage simulator:
 *   npx ts-node --transpile-only -r tsconfig-paths/register tools/simulator/src/main.ts --help
 */
async function main(): Promise<void> {
  const io: Io = { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) };
  let cmd: Command;
  try {
    // The environment is read here, once, and nowhere else.
    cmd = parseCommand(process.argv.slice(2), { KAFKA_BROKERS: process.env.KAFKA_BROKERS, SIMULATOR_API_KEY: process.env.SIMULATOR_API_KEY });
  } catch (e) {
    io.err(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  switch (cmd.kind) {
    case 'help':
      io.out(USAGE);
      return;
    case 'generate':
      return runGenerate(cmd, io);
    case 'dry-run':
      return runDryRun(cmd, io);
    case 'publish':
      return runPublish(cmd, io);
    case 'score':
      return runScore(cmd, io);
    default: {
      const never: never = cmd;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
