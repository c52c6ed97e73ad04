// Serves the built dashboard (dist/dashboard) at /dashboard on the local API's origin, with the same security headers
// CloudFront sends in AWS, and a config.json that says: the API is this origin, sign in with the manager token.
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { DASHBOARD_CONTENT_TYPES, DASHBOARD_HEADERS, DASHBOARD_PATH, dashboardContentSecurityPolicy } from '../dashboard/headers.js';

export interface DashboardFilesOptions {
  /** The build's output folder (scripts/build-dashboard.ts). */
  dir: string;
  /** Origins the pages may call besides their own (none locally: the API is the same origin). */
  connectTo?: string[];
}

const LOCAL_CONFIG = JSON.stringify({ apiBaseUrl: '', auth: { mode: 'token' } });

/** A request handler for the local server's extras: true when it answered the request. */
export function dashboardFiles(options: DashboardFilesOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const root = resolve(options.dir);
  const headers = { ...DASHBOARD_HEADERS, 'content-security-policy': dashboardContentSecurityPolicy(options.connectTo), 'cache-control': 'no-cache' };

  const answer = (res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}) =>
    res.writeHead(status, { ...headers, 'content-type': type, 'content-length': String(Buffer.byteLength(body)), ...extra }).end(body);

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // The path as sent: the URL parser would already have resolved '..' and '%2e%2e' away from /dashboard.
    const sentPath = req.url?.startsWith('/') ? req.url.split('?')[0]! : url.pathname;
    const underDashboard = (path: string) => path === DASHBOARD_PATH || path.startsWith(`${DASHBOARD_PATH}/`);
    if (!underDashboard(url.pathname) && !underDashboard(sentPath)) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      answer(res, 405, 'text/plain; charset=utf-8', 'Method Not Allowed', { allow: 'GET, HEAD' });
      return true;
    }
    // The page's relative links (app.js, config.json) need the trailing slash.
    if (sentPath === DASHBOARD_PATH) {
      res.writeHead(308, { ...headers, location: `${DASHBOARD_PATH}/${url.search}` }).end();
      return true;
    }
    // A file name is plain: an encoded dot, slash, backslash or NUL, a control character, a '%' left after decoding (double
    // encoding) or a '..' step is refused, not resolved.
    const raw = sentPath.slice(DASHBOARD_PATH.length + 1);
    let name: string;
    try {
      name = decodeURIComponent(raw) || 'index.html';
    } catch {
      name = '';
    }
    if (name === '' || /%(2e|2f|5c|00)/i.test(raw) || /[\p{Cc}\\%]/u.test(name) || name.split('/').some((step) => step === '..' || step === '.')) {
      answer(res, 400, 'text/plain; charset=utf-8', 'Bad Request');
      return true;
    }
    if (name === 'config.json') {
      answer(res, 200, DASHBOARD_CONTENT_TYPES['.json']!, LOCAL_CONFIG);
      return true;
    }
    const file = resolve(root, name);
    const type = DASHBOARD_CONTENT_TYPES[extname(file)];
    if (!file.startsWith(root + sep) || !type) {
      answer(res, 404, 'text/plain; charset=utf-8', 'Not Found');
      return true;
    }
    readFile(file).then(
      (body) =>
        req.method === 'HEAD'
          ? res.writeHead(200, { ...headers, 'content-type': type, 'content-length': String(body.length) }).end()
          : answer(res, 200, type, body),
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') return answer(res, 500, 'text/plain; charset=utf-8', 'Internal Server Error');
        if (name === 'index.html')
          return answer(res, 503, 'text/plain; charset=utf-8', 'The dashboard is not built: run `npm run build:dashboard` (npm start does it for you).');
        answer(res, 404, 'text/plain; charset=utf-8', 'Not Found');
      },
    );
    return true;
  };
}
