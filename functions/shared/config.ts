// Every function reads its environment once, at load, through a zod schema: a missing variable fails fast, by name.
import * as z from './zod.js';

export function loadConfig<T extends z.core.$ZodShape>(shape: T, env: NodeJS.ProcessEnv = process.env): z.infer<z.ZodMiniObject<T>> {
  const parsed = z.safeParse(z.object(shape), env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}

/** Optional endpoint override, set only on the local stack (DynamoDB Local, the SES emulator, the local queue). */
export const endpointUrl = z.optional(z.url());
