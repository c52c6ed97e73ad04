// Where `npm start` leaves the running stack's addresses and secrets (DATA_DIR/local-stack.json, owner-only), so that the
// local tools (npm run demo, npm run inject-bounce) find it without copy-paste. .data is git-ignored.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

const RunningStackSchema = z.object({
  apiUrl: z.string(),
  sesUrl: z.string(),
  emulatorUrl: z.string(),
  // Absent in files written before `npm run demo -- --history` existed.
  dynamodbUrl: z.string().optional(),
  tableName: z.string().optional(),
  ingestApiKey: z.string(),
  managerToken: z.string(),
});
export type RunningStack = z.infer<typeof RunningStackSchema>;

export const runningStackFile = (dataDir: string) => resolve(dataDir, 'local-stack.json');

export function writeRunningStack(dataDir: string, stack: Required<RunningStack>): void {
  writeFileSync(runningStackFile(dataDir), JSON.stringify(stack, null, 2), { mode: 0o600 });
}

/** The stack last started with this data folder, or undefined when there is none (or its file is not one of ours). */
export function readRunningStack(dataDir: string): RunningStack | undefined {
  try {
    return RunningStackSchema.parse(JSON.parse(readFileSync(runningStackFile(dataDir), 'utf8')));
  } catch {
    return undefined;
  }
}

/** For the local tools: the running stack of DATA_DIR (default .data), or a line saying to start it, and exit. */
export function requireRunningStack(dataDir = resolve(process.env.DATA_DIR ?? '.data')): RunningStack {
  const stack = readRunningStack(dataDir);
  if (stack) return stack;
  console.error(`No running local stack found in ${dataDir}: start it first with \`npm start\`.`);
  process.exit(1);
}
