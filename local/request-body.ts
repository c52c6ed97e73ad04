// The one way the local servers (API Gateway stand-in, SQS/EventBridge endpoint, test controls) read a request's body.
import type { IncomingMessage } from 'node:http';

/** The whole body; with a limit, 'too-large' as soon as it passes maxBytes (the rest is left unread). */
export async function readBody(req: IncomingMessage): Promise<Buffer>;
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | 'too-large'>;
export async function readBody(req: IncomingMessage, maxBytes = Number.POSITIVE_INFINITY): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The body as JSON, an empty body as `{}`; a body that is not JSON rejects with a SyntaxError. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = (await readBody(req)).toString('utf8');
  return JSON.parse(text || '{}') as unknown;
}
