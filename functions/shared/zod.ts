// The zod every function imports, as `import * as z from '../shared/zod.js'`: zod/mini (the same checks and messages
// as the classic API, as functions rather than methods, so a bundle carries only what it uses: about 20 KiB against
// 90), with English messages for the issues a schema does not word itself ("expected string, received undefined").
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
