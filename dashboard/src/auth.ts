// Who is signed in: a bearer token kept in sessionStorage (gone when the tab closes), sent as Authorization: Bearer.
// Locally the manager token is pasted; in AWS, Cognito's hosted UI signs in with the authorization code flow and PKCE.
import type { AuthConfig } from './config.js';

const SESSION_KEY = 'feedback-dashboard.session';
const PKCE_KEY = 'feedback-dashboard.pkce';

interface Session {
  token: string;
  /** Epoch ms; absent for a pasted token, whose expiry the API decides. */
  expiresAt?: number;
}

export function currentToken(): string | null {
  try {
    const session = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
    if (!session || typeof session.token !== 'string' || session.token === '') return null;
    if (session.expiresAt !== undefined && session.expiresAt <= Date.now()) {
      clearSession();
      return null;
    }
    return session.token;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(SESSION_KEY);
}

/** The page itself, without query or hash: the redirect URI registered on the Cognito app client. */
const redirectUri = () => `${location.origin}${location.pathname.replace(/index\.html$/, '')}`;

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const randomString = () => base64url(crypto.getRandomValues(new Uint8Array(32)));

/** Sends the browser to Cognito's hosted UI; it comes back to this page with ?code=&state=. */
export async function startHostedSignIn(auth: Extract<AuthConfig, { mode: 'cognito' }>): Promise<void> {
  const verifier = randomString();
  const state = randomString();
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state, returnTo: location.hash }));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: redirectUri(),
    scope: auth.scopes.join(' '),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  location.assign(`${auth.domain}/oauth2/authorize?${query}`);
}

/**
 * On the way back from the hosted UI: checks the state, swaps the code for tokens, keeps the access token.
 * Returns null when this is not such a return, or a message when the sign-in failed.
 */
export async function completeHostedSignIn(auth: Extract<AuthConfig, { mode: 'cognito' }>): Promise<{ error?: string } | null> {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return null;
  const stored = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null') as { verifier: string; state: string; returnTo: string } | null;
  sessionStorage.removeItem(PKCE_KEY);
  history.replaceState(null, '', `${location.pathname}${stored?.returnTo ?? ''}`);
  if (params.has('error')) return { error: `Sign-in was not completed (${params.get('error_description') ?? params.get('error')}).` };
  if (!stored || stored.state !== params.get('state')) return { error: 'Sign-in did not start from this page: please sign in again.' };
  const response = await fetch(`${auth.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: auth.clientId,
      code: params.get('code') ?? '',
      redirect_uri: redirectUri(),
      code_verifier: stored.verifier,
    }),
  }).catch(() => null);
  if (!response?.ok) return { error: 'Cognito did not accept the sign-in: please sign in again.' };
  const tokens = (await response.json()) as { access_token?: string; expires_in?: number };
  if (!tokens.access_token) return { error: 'Cognito answered without an access token.' };
  saveSession({ token: tokens.access_token, expiresAt: Date.now() + (tokens.expires_in ?? 3600) * 1000 });
  return {};
}

/** Forgets the token; with Cognito, also ends the hosted UI's session. */
export function signOut(auth: AuthConfig): void {
  clearSession();
  if (auth.mode === 'cognito') {
    location.assign(`${auth.domain}/logout?${new URLSearchParams({ client_id: auth.clientId, logout_uri: redirectUri() })}`);
  }
}
