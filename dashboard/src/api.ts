// The manager API as the dashboard uses it: typed GETs with the bearer token, errors that say what happened,
// and a 401 that ends the session (the caller returns to sign-in).
import type { Channel } from '../../functions/domain/channels.js';
import type { ScoreChange, Scores } from '../../functions/domain/metrics.js';
import type { Interval } from '../../functions/domain/statistics.js';
import type { CustomerProfile, Interaction, Invitation, Answer, ResponseRow } from '../../functions/domain/model.js';

export type { ResponseRow };

/** Each score carries its interval and low-sample flag, and with compare=previous its change (functions/domain/metrics.ts). */
export type { Interval, ScoreChange };
export type SeriesEntry = { start: string } & Scores;
export type ScoreRow = Scores & { series?: SeriesEntry[] };
/** What every scores report echoes: the confidence of its intervals, the low-sample threshold, and the window compared with. */
export interface Statistics {
  confidence: number;
  minSample: number;
  previous?: { from: string; to: string };
}
export interface ChannelReport extends Statistics {
  from: string;
  to: string;
  granularity?: string;
  channels: Array<ScoreRow & { channel: Channel }>;
  total: ScoreRow;
}
export interface AgentReport extends Statistics {
  from: string;
  to: string;
  channel?: Channel;
  agents: Array<ScoreRow & { agentId: string }>;
}
export interface EscalationReport {
  from: string;
  to: string;
  windowHours: number;
  channels: Array<{ channel: Channel; interactions: number; escalated: number; share: number | null; to: Partial<Record<Channel, number>> }>;
}
export interface ResponsePage {
  from: string;
  to: string;
  responses: ResponseRow[];
  nextCursor?: string;
}
export interface CustomerRecord {
  profile: CustomerProfile;
  timeline: Array<{ interaction: Interaction; invitation?: Omit<Invitation, 'token'>; answer?: Answer }>;
  nextCursor?: string;
}
export interface CustomerMatches {
  customers: CustomerProfile[];
}

/** The API refused or failed; `message` is fit to show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The token was refused (401): sign in again. */
export class SessionEnded extends Error {}

type Query = Record<string, string | number | boolean | undefined>;

export interface Api {
  get<T>(path: string, query?: Query): Promise<T>;
  /** The API's CSV, with the file name it suggests. */
  csv(path: string, query?: Query): Promise<{ text: string; filename: string }>;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `onSessionEnded` runs on a 401, before the SessionEnded error reaches the view that asked. */
export function createApi(baseUrl: string, token: () => string | null, onSessionEnded: (reason: string) => void): Api {
  const where = baseUrl || location.origin;

  async function request(path: string, query: Query, accept: string): Promise<Response> {
    const bearer = token();
    if (!bearer) {
      onSessionEnded('Sign in to see the dashboard.');
      throw new SessionEnded('Not signed in.');
    }
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') search.set(name, String(value));
    const url = `${baseUrl}${path}${search.size > 0 ? `?${search}` : ''}`;
    // Throttled (429) or briefly unavailable (503): the API says when to retry; a few tries, then the error is shown.
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(url, {
          headers: { authorization: `Bearer ${bearer}`, accept },
          cache: 'no-store',
          credentials: 'omit',
          referrerPolicy: 'no-referrer',
        });
      } catch {
        throw new ApiError(0, `Could not reach the API at ${where}. Check your connection, or that the service is running.`);
      }
      if (response.status === 401) {
        const reason = 'The API did not accept your sign-in (it may have expired): sign in again.';
        onSessionEnded(reason);
        throw new SessionEnded(reason);
      }
      if ((response.status === 429 || response.status === 503) && attempt < 3) {
        await pause(1000 * Math.min(5, Number(response.headers.get('retry-after')) || 1));
        continue;
      }
      if (response.ok) return response;
      let message = `The API answered ${response.status}.`;
      try {
        const body = (await response.json()) as { message?: string };
        if (typeof body.message === 'string') message = `${message} ${body.message}`;
      } catch {
        // not JSON: keep the status alone
      }
      if (response.status === 429) message = 'The API is receiving too many requests right now: try again in a moment.';
      throw new ApiError(response.status, message);
    }
  }

  return {
    async get<T>(path: string, query: Query = {}) {
      const response = await request(path, query, 'application/json');
      return (await response.json()) as T;
    },
    async csv(path: string, query: Query = {}) {
      const response = await request(path, { ...query, format: 'csv' }, 'text/csv');
      const filename = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'responses.csv';
      return { text: await response.text(), filename };
    },
  };
}
