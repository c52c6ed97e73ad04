// The dashboard's HTTP security headers, defined once: the local stack sends them, and so does CloudFront in AWS.
// Everything comes from the dashboard's own origin; the API (and Cognito's token endpoint) may be another origin.

export function dashboardContentSecurityPolicy(connectTo: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${["'self'", ...connectTo].join(' ')}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

export const DASHBOARD_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
} as const;

/** The files the build writes, and their content types. */
export const DASHBOARD_CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json; charset=utf-8',
};

/** Where the dashboard lives, locally and behind CloudFront. */
export const DASHBOARD_PATH = '/dashboard';

/** Where scripts/build-dashboard.ts writes it, from the repository's root: the local stack and the CDK app read it there. */
export const DASHBOARD_BUILD_DIR = 'dist/dashboard';
