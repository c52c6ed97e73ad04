// Backdated history for the dashboard: days of interactions, invitations and answers, written by the product's own use
// cases (recordInteraction, sendInvitation, submitAnswer) against the running stack's DynamoDB Local, each on a
// simulated clock. Emails go to the SES emulator through the real SesMailer; the invitation queue is replaced by an
// in-process one, since a backdated email must be sent at its own simulated time. The table's stream then folds it
// all into the counters, exactly as live traffic.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CHANNELS, type Channel } from '../functions/domain/channels.js';
import type { AnswerValues } from '../functions/domain/model.js';
import { SesMailer } from '../functions/delivery/mailer.js';
import { DELIVERY_LEASE_SECONDS, sendInvitation } from '../functions/delivery/send-invitation.js';
import { interactionEventSchema, type InteractionEvent } from '../functions/ingest/interaction-schema.js';
import type { InvitationQueue } from '../functions/ingest/invitation-queue.js';
import { recordInteraction } from '../functions/ingest/record-interaction.js';
import { DynamoDbSurveyStore } from '../functions/store/dynamodb-survey-store.js';
import type { InvitationRef } from '../functions/store/survey-store.js';
import { submitAnswer } from '../functions/survey-page/survey-answers.js';

export interface HistoryTarget {
  dynamodbUrl: string;
  tableName: string;
  sesUrl: string;
  /** Where survey links point (the local API). */
  publicBaseUrl: string;
  brandName?: string;
  senderEmail?: string;
}

export interface ReplayDeps {
  store: DynamoDbSurveyStore;
  mailer: SesMailer;
  brandName: string;
  publicBaseUrl: string;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function replayDeps(target: HistoryTarget): ReplayDeps {
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: target.dynamodbUrl, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, maxAttempts: 8 }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const ses = new SESv2Client({ endpoint: target.sesUrl, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
  return {
    store: new DynamoDbSurveyStore(documents, target.tableName),
    mailer: new SesMailer(ses, target.senderEmail ?? 'surveys@example.com'),
    brandName: target.brandName ?? 'Example Co',
    publicBaseUrl: target.publicBaseUrl,
  };
}

export interface ReplayedInteraction {
  event: InteractionEvent;
  /** How long after the interaction its email goes out. */
  sendAfterMs: number;
  /** The customer's answer and how long after the email they gave it; none: the survey stays unanswered. */
  answer?: { values: AnswerValues; afterMs: number };
}

/** One interaction's whole life, each step at its own simulated time, through the use cases the functions run. */
export async function replayInteraction(deps: ReplayDeps, item: ReplayedInteraction): Promise<{ surveyId: string | null; answered: boolean }> {
  const event = interactionEventSchema.parse(item.event);
  const occurredAt = Date.parse(event.occurredAt);
  const at = (ms: number) => () => new Date(ms);
  const queued: InvitationRef[] = [];
  const queue: InvitationQueue = { enqueue: async (ref) => void queued.push(ref) };

  const outcome = await recordInteraction(event, { store: deps.store, queue, now: at(occurredAt + MINUTE), surveyTtlDays: 30 });
  const sentAt = occurredAt + item.sendAfterMs;
  for (const ref of queued) {
    await sendInvitation(ref, { store: deps.store, mailer: deps.mailer, now: at(sentAt), brandName: deps.brandName, publicBaseUrl: deps.publicBaseUrl, leaseMs: DELIVERY_LEASE_SECONDS * 1000 });
  }
  if (!item.answer || outcome.status !== 'scheduled' || queued.length === 0) return { surveyId: outcome.surveyId, answered: false };
  const invitation = await deps.store.getInvitation(queued[0]!);
  if (!invitation) return { surveyId: outcome.surveyId, answered: false };
  // Never in the future: the last day's late answers arrive "now" at the latest.
  await submitAnswer(invitation.token, item.answer.values, { store: deps.store, now: at(Math.max(sentAt, Math.min(sentAt + item.answer.afterMs, Date.now()))) });
  return { surveyId: outcome.surveyId, answered: true };
}

/** A small, seeded pseudo-random generator (mulberry32): the same seed gives the same history. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** How each channel tends to do: share of traffic, mean CSAT, how it moves over the period, answer and resolution rates. */
const CHANNEL_PROFILE: Record<Channel, { share: number; csat: number; trend: number; answers: number; resolves: number; agents: string[]; subjects: string[] }> = {
  voice: { share: 0.24, csat: 3.9, trend: 0.3, answers: 0.62, resolves: 0.78, agents: ['agent-amara', 'agent-bo', 'agent-chen'], subjects: ['Billing question', 'Cancel my plan', 'Line not working'] },
  email: { share: 0.2, csat: 3.3, trend: -0.4, answers: 0.48, resolves: 0.55, agents: ['agent-dana', 'agent-emil'], subjects: ['Refund request', 'Invoice copy', 'Change of address'] },
  chat: { share: 0.24, csat: 4.2, trend: 0.1, answers: 0.71, resolves: 0.82, agents: ['agent-farah', 'agent-gus', 'agent-hiro'], subjects: ['Password reset', 'Order status', 'Plan upgrade'] },
  web: { share: 0.14, csat: 3.5, trend: 0.6, answers: 0.4, resolves: 0.6, agents: [], subjects: ['Help article: router setup', 'Self-service: change plan'] },
  community: { share: 0.08, csat: 3.8, trend: 0, answers: 0.35, resolves: 0.5, agents: ['agent-ines'], subjects: ['Forum: slow connection', 'Forum: app crashes'] },
  social: { share: 0.1, csat: 3.0, trend: 0.8, answers: 0.3, resolves: 0.45, agents: ['agent-jon', 'agent-kai'], subjects: ['Reply to a post', 'Direct message: outage'] },
};

const FIRST = ['Ada', 'Grace', 'Linus', 'Marie', 'Alan', 'Katherine', 'Tim', 'Hedy', 'Dennis', 'Barbara', 'Edsger', 'Radia', 'Ken', 'Frances', 'Donald', 'Margaret', 'Niklaus', 'Shafi', 'John', 'Sophie'];
const LAST = ['Lovelace', 'Hopper', 'Torvalds', 'Curie', 'Turing', 'Johnson', 'Berners-Lee', 'Lamarr', 'Ritchie', 'Liskov', 'Dijkstra', 'Perlman', 'Thompson', 'Allen', 'Knuth', 'Hamilton', 'Wirth', 'Goldwasser', 'Backus', 'Wilson'];
const COMMENTS: Record<'good' | 'mixed' | 'bad', string[]> = {
  good: ['Quick and friendly, thank you!', 'Solved on the first try.', 'Very clear explanation.', 'Great service, as always.', 'The agent went the extra mile.'],
  mixed: ['Fine in the end, but I had to explain it twice.', 'It works now; the wait was long.', 'OK, though the article could be clearer.'],
  bad: ['Took three transfers before anyone could help.', 'Still not fixed after two weeks.', 'I waited 40 minutes on hold.', 'Nobody answered my message for days.', 'The reply did not address my question.'],
};

export interface HistoryOptions {
  /** Number of days, ending with `lastDay`. */
  days: number;
  /** The last day of history (YYYY-MM-DD, UTC); yesterday by default. */
  lastDay?: string;
  /** Interactions per day, on average. */
  perDay?: number;
  seed?: number;
  /** Makes the interaction and customer ids of one run unique. */
  runId: string;
  /** How many interactions run at once. */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

/** The interactions of the history, planned from the seed alone (no I/O). */
export function planHistory(options: HistoryOptions): ReplayedInteraction[] {
  const random = seededRandom(options.seed ?? 42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const lastDay = options.lastDay ?? new Date(Date.now() - DAY).toISOString().slice(0, 10);
  const perDay = options.perDay ?? 10;
  const customers = Array.from({ length: Math.max(12, Math.round((options.days * perDay) / 4)) }, (_, i) => {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[(i * 7 + Math.floor(i / FIRST.length)) % LAST.length]!;
    const id = `hist-${options.runId}-${String(i + 1).padStart(3, '0')}`;
    return { id, name: `${first} ${last}`, email: `${first}.${last}.${i + 1}@example.com`.toLowerCase().replace(/[^a-z0-9.@-]/g, ''), locale: 'en' };
  });
  const channelOf = () => {
    let r = random();
    for (const channel of CHANNELS) if ((r -= CHANNEL_PROFILE[channel].share) <= 0) return channel;
    return 'chat' as Channel;
  };
  const gaussian = () => (random() + random() + random() - 1.5) * 1.2;

  const plan: ReplayedInteraction[] = [];
  let n = 0;
  const firstDay = Date.parse(`${lastDay}T00:00:00Z`) - (options.days - 1) * DAY;
  for (let d = 0; d < options.days; d++) {
    const progress = options.days === 1 ? 1 : d / (options.days - 1);
    const count = Math.max(1, Math.round(perDay * (0.7 + random() * 0.6)));
    for (let i = 0; i < count; i++) {
      const channel = channelOf();
      const profile = CHANNEL_PROFILE[channel];
      const customer = pick(customers);
      const occurredAt = firstDay + d * DAY + (7 * HOUR + Math.floor(random() * 13 * HOUR));
      const agentId = profile.agents.length > 0 ? pick(profile.agents) : undefined;
      const agentSkill = agentId ? (profile.agents.indexOf(agentId) - (profile.agents.length - 1) / 2) * 0.35 : 0;
      const csat = Math.min(5, Math.max(1, Math.round(profile.csat + profile.trend * (progress - 0.5) + agentSkill + gaussian())));
      const nps = Math.min(10, Math.max(0, Math.round([1, 3.5, 6, 8, 9.5][csat - 1]! + gaussian())));
      const mood = csat >= 4 ? 'good' : csat === 3 ? 'mixed' : 'bad';
      const answered = random() < profile.answers;
      const withComment = random() < (mood === 'good' ? 0.45 : 0.75);
      plan.push({
        event: {
          interactionId: `hist-${options.runId}-${++n}`,
          channel,
          occurredAt: new Date(occurredAt).toISOString(),
          customer,
          ...(agentId ? { agentId } : {}),
          subject: pick(profile.subjects),
        },
        sendAfterMs: 2 * MINUTE + Math.floor(random() * 10 * MINUTE),
        ...(answered
          ? {
              answer: {
                values: {
                  csat,
                  nps,
                  resolved: random() < (csat >= 3 ? profile.resolves : profile.resolves / 3),
                  ...(withComment ? { comment: pick(COMMENTS[mood]) } : {}),
                },
                afterMs: 5 * MINUTE + Math.floor(random() * 20 * HOUR),
              },
            }
          : {}),
      });
    }
  }
  return plan;
}

/** Plays the planned history into the stack; interactions run a few at a time, each on its own clock. */
export async function seedHistory(target: HistoryTarget, options: HistoryOptions): Promise<{ interactions: number; answered: number; customers: number }> {
  const deps = replayDeps(target);
  const plan = planHistory(options);
  let next = 0;
  let done = 0;
  let answered = 0;
  const worker = async () => {
    while (next < plan.length) {
      const item = plan[next++]!;
      if ((await replayInteraction(deps, item)).answered) answered++;
      options.onProgress?.(++done, plan.length);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return { interactions: plan.length, answered, customers: new Set(plan.map((p) => p.event.customer.id)).size };
}
