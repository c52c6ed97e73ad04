// The deployment's settings, read at start from config.json next to the pages: where the API is and how managers sign in.
export type AuthConfig =
  /** Paste a bearer token: the local stack's MANAGER_TOKEN, or a Cognito access token obtained with the CLI. */
  | { mode: 'token' }
  /** Cognito's hosted UI: authorization code with PKCE, public client, no secret. */
  | { mode: 'cognito'; domain: string; clientId: string; scopes: string[] };

export interface DashboardConfig {
  /** The API's origin; empty when it is served from the same origin as the pages. */
  apiBaseUrl: string;
  auth: AuthConfig;
}

export class ConfigProblem extends Error {}

const httpsOrLocal = (value: string) => /^https:\/\/[^/]+$/.test(value) || /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/.test(value);

export function parseConfig(raw: unknown): DashboardConfig {
  if (typeof raw !== 'object' || raw === null) throw new ConfigProblem('config.json is not a JSON object.');
  const { apiBaseUrl = '', auth } = raw as { apiBaseUrl?: unknown; auth?: Record<string, unknown> };
  if (typeof apiBaseUrl !== 'string' || (apiBaseUrl !== '' && !httpsOrLocal(apiBaseUrl.replace(/\/$/, '')))) {
    throw new ConfigProblem('config.json: apiBaseUrl must be empty (same origin) or an https:// origin.');
  }
  const base = apiBaseUrl.replace(/\/$/, '');
  if (auth?.mode === 'token') return { apiBaseUrl: base, auth: { mode: 'token' } };
  if (auth?.mode === 'cognito') {
    const { domain, clientId, scopes = ['openid', 'email'] } = auth;
    if (typeof domain !== 'string' || !httpsOrLocal(domain.replace(/\/$/, '')))
      throw new ConfigProblem('config.json: auth.domain must be the https:// URL of the Cognito domain.');
    if (typeof clientId !== 'string' || clientId === '') throw new ConfigProblem('config.json: auth.clientId is missing.');
    if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === 'string')) throw new ConfigProblem('config.json: auth.scopes must be a list of strings.');
    return { apiBaseUrl: base, auth: { mode: 'cognito', domain: domain.replace(/\/$/, ''), clientId, scopes: scopes as string[] } };
  }
  throw new ConfigProblem('config.json: auth.mode must be "token" or "cognito".');
}

export async function loadConfig(): Promise<DashboardConfig> {
  let response: Response;
  try {
    response = await fetch('config.json', { cache: 'no-store', credentials: 'same-origin' });
  } catch {
    throw new ConfigProblem('Could not load config.json: check your connection.');
  }
  if (!response.ok) throw new ConfigProblem(`Could not load config.json (HTTP ${response.status}).`);
  try {
    return parseConfig(await response.json());
  } catch (error) {
    if (error instanceof ConfigProblem) throw error;
    throw new ConfigProblem('config.json is not valid JSON.');
  }
}
