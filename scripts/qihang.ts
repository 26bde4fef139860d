/**
 * `pnpm qihang <command> [args]`: operator commands. Each command is a function of its arguments and the
 * configuration that returns an exit code; add one by adding an entry to `commands`.
 */

import {
  ADMIN_KEY_USAGE,
  CREATE_ADMIN_USAGE,
  runCreateAdminCommand,
  runCreateAdminKeyCommand,
} from '@qihang/gateway/cli';
import { INGEST_USAGE, runIngestCommand } from '@qihang/ingest/cli';
import { loadConfig } from '@qihang/shared/config/index';

type Command = { usage: string; run: (args: string[]) => Promise<number> };

const commands: Record<string, Command> = {
  ingest: { usage: INGEST_USAGE, run: (args) => runIngestCommand(args, loadConfig()) },
  'create-admin': { usage: CREATE_ADMIN_USAGE, run: (args) => runCreateAdminCommand(args, loadConfig()) },
  'create-admin-key': { usage: ADMIN_KEY_USAGE, run: (args) => runCreateAdminKeyCommand(args, loadConfig()) },
};

function usage(): string {
  return ['usage: pnpm qihang <command> [args]', ...Object.values(commands).map((c) => `  ${c.usage}`)].join(
    '\n',
  );
}

const [name, ...args] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  console.error(usage());
  process.exit(2);
}
try {
  process.exitCode = await command.run(args);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
}
