// Backdated history for the dashboard: days of interactions, invitations and answers, written by the product's own use
// cases (recordInteraction, sendInvitation, submitAnswer) against the running stack's DynamoDB Local, each on a
// simulated clock, under the channels' survey programs. Emails go to the SES emulator through the real SesMailer; the
// invitation queue is replaced by an in-process one, since a backdated email must be sent at its own simulated time.
// The table's stream then folds it all into the counters, exactly as live traffic.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CHANNELS, type Channel } from '../functions/domain/channels.js';
import { utcDay } from '../functions/domain/utc-days.js';
import type { AnswerValues, InvitationRef } from '../functions/domain/model.js';
import { SesMailer } from '../functions/delivery/ses-mailer.js';
import { DELIVERY_LEASE_SECONDS, sendInvitation } from '../functions/delivery/send-invitation.js';
import type { DefinitionStore } from '../functions/programs/definition-store.js';
import { DynamoDbDefinitionStore } from '../functions/programs/dynamodb-definition-store.js';
import { interactionEventSchema, type InteractionEvent } from '../functions/ingest/interaction-schema.js';
import type { InvitationQueue, MessageKind } from '../functions/ingest/invitation-queue.js';
import { recordInteraction } from '../functions/ingest/record-interaction.js';
import { lexiconAnalyzer, type CommentInsightDeps } from '../functions/insights/analyze-comment.js';
import { DynamoDbAnswerStore } from '../functions/store/dynamodb-answer-store.js';
import { DynamoDbDeliveryLeases } from '../functions/store/dynamodb-delivery-leases.js';
import { DynamoDbIngestLedger } from '../functions/store/dynamodb-ingest-ledger.js';
import { submitAnswer } from '../functions/survey-page/survey-answers.js';
import { DynamoDbTopicStore } from '../functions/topics/dynamodb-topic-store.js';
import { pool } from './pool.js';
import { seededRandom } from './random.js';

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
  ledger: DynamoDbIngestLedger;
  leases: DynamoDbDeliveryLeases;
  answers: DynamoDbAnswerStore;
  definitions: DefinitionStore;
  mailer: SesMailer;
  brandName: string;
  publicBaseUrl: string;
  /** Comments analysed as the survey page does (offline word lists, the topics saved in the table): the sentiment charts. */
  comments: CommentInsightDeps;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function replayDeps(target: HistoryTarget): ReplayDeps {
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: target.dynamodbUrl, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, maxAttempts: 8 }),
    {
      marshallOptions: { removeUndefinedValues: true },
    },
  );
  const ses = new SESv2Client({ endpoint: target.sesUrl, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
  return {
    ledger: new DynamoDbIngestLedger(documents, target.tableName),
    leases: new DynamoDbDeliveryLeases(documents, target.tableName),
    answers: new DynamoDbAnswerStore(documents, target.tableName),
    // The channels' survey programs as saved in the table (defaults when none): history follows the same rules.
    definitions: new DynamoDbDefinitionStore(documents, target.tableName),
    mailer: new SesMailer(ses, target.senderEmail ?? 'surveys@example.com'),
    brandName: target.brandName ?? 'Example Co',
    publicBaseUrl: target.publicBaseUrl,
    comments: { analyzer: lexiconAnalyzer, topics: new DynamoDbTopicStore(documents, target.tableName) },
  };
}

export interface ReplayedInteraction {
  event: InteractionEvent;
  /** How long after the interaction the queue hands its email to the sender, at the earliest. */
  sendAfterMs: number;
  /** The customer's answer and how long after the email they gave it; none: the survey stays unanswered. */
  answer?: { values: AnswerValues; afterMs: number };
}

/**
 * One interaction's whole life through the use cases the functions run, each step at its own simulated time:
 * recorded, its messages (the invitation, a reminder) sent when the in-process queue says they are due, and answered.
 * Nothing happens after the real now: a reminder due tomorrow is not sent.
 */
export async function replayInteraction(deps: ReplayDeps, item: ReplayedInteraction): Promise<{ surveyId: string | null; answered: boolean }> {
  const event = interactionEventSchema.parse(item.event);
  const occurredAt = Date.parse(event.occurredAt);
  const latest = Date.now();
  let clock = occurredAt + MINUTE;
  const now = () => new Date(clock);
  const due: Array<{ ref: InvitationRef; at: number; kind: MessageKind }> = [];
  const queue: InvitationQueue = {
    enqueue: async (ref, options) => void due.push({ ref, at: Math.max(options?.notBefore?.getTime() ?? clock, clock), kind: options?.kind ?? 'invitation' }),
  };

  const outcome = await recordInteraction(event, { ledger: deps.ledger, queue, definitions: deps.definitions, now });
  for (const message of due) if (message.kind === 'invitation') message.at = Math.max(message.at, occurredAt + item.sendAfterMs);
  const sendDeps = {
    leases: deps.leases,
    mailer: deps.mailer,
    queue,
    now,
    brandName: deps.brandName,
    publicBaseUrl: deps.publicBaseUrl,
    leaseMs: DELIVERY_LEASE_SECONDS * 1000,
  };
  let answerAt: number | undefined;
  let answering: InvitationRef | undefined;
  let answered = false;
  for (let step = 0; step < 10; step++) {
    due.sort((a, b) => a.at - b.at);
    const next = due[0];
    if (answerAt !== undefined && !answered && (!next || answerAt <= next.at)) {
      clock = answerAt;
      const invitation = await deps.leases.getInvitation(answering!);
      if (invitation) await submitAnswer(invitation.token, item.answer!.values, { answers: deps.answers, now, ...deps.comments });
      answered = true;
      continue;
    }
    if (!next || next.at > latest) break;
    due.shift();
    clock = next.at;
    const result = await sendInvitation(next.ref, sendDeps, next.kind);
    if (next.kind === 'invitation' && result === 'sent' && item.answer) {
      answering = next.ref;
      answerAt = Math.min(clock + item.answer.afterMs, latest);
    }
  }
  return { surveyId: outcome.surveyId, answered };
}

/** How each channel tends to do: share of traffic, mean CSAT, how it moves over the period, answer and resolution rates. */
const CHANNEL_PROFILE: Record<
  Channel,
  { share: number; csat: number; trend: number; answers: number; resolves: number; agents: string[]; subjects: string[] }
> = {
  voice: {
    share: 0.24,
    csat: 3.9,
    trend: 0.3,
    answers: 0.62,
    resolves: 0.78,
    agents: ['agent-amara', 'agent-bo', 'agent-chen'],
    subjects: ['Billing question', 'Cancel my plan', 'Line not working'],
  },
  email: {
    share: 0.2,
    csat: 3.3,
    trend: -0.4,
    answers: 0.48,
    resolves: 0.55,
    agents: ['agent-dana', 'agent-emil'],
    subjects: ['Refund request', 'Invoice copy', 'Change of address'],
  },
  chat: {
    share: 0.24,
    csat: 4.2,
    trend: 0.1,
    answers: 0.71,
    resolves: 0.82,
    agents: ['agent-farah', 'agent-gus', 'agent-hiro'],
    subjects: ['Password reset', 'Order status', 'Plan upgrade'],
  },
  web: { share: 0.14, csat: 3.5, trend: 0.6, answers: 0.4, resolves: 0.6, agents: [], subjects: ['Help article: router setup', 'Self-service: change plan'] },
  community: {
    share: 0.08,
    csat: 3.8,
    trend: 0,
    answers: 0.35,
    resolves: 0.5,
    agents: ['agent-ines'],
    subjects: ['Forum: slow connection', 'Forum: app crashes'],
  },
  social: {
    share: 0.1,
    csat: 3.0,
    trend: 0.8,
    answers: 0.3,
    resolves: 0.45,
    agents: ['agent-jon', 'agent-kai'],
    subjects: ['Reply to a post', 'Direct message: outage'],
  },
};

const FIRST = [
  'Ada',
  'Grace',
  'Linus',
  'Marie',
  'Alan',
  'Katherine',
  'Tim',
  'Hedy',
  'Dennis',
  'Barbara',
  'Edsger',
  'Radia',
  'Ken',
  'Frances',
  'Donald',
  'Margaret',
  'Niklaus',
  'Shafi',
  'John',
  'Sophie',
];
const LAST = [
  'Lovelace',
  'Hopper',
  'Torvalds',
  'Curie',
  'Turing',
  'Johnson',
  'Berners-Lee',
  'Lamarr',
  'Ritchie',
  'Liskov',
  'Dijkstra',
  'Perlman',
  'Thompson',
  'Allen',
  'Knuth',
  'Hamilton',
  'Wirth',
  'Goldwasser',
  'Backus',
  'Wilson',
];
const COMMENTS: Record<'good' | 'mixed' | 'bad', string[]> = {
  good: [
    'Quick and friendly, thank you!',
    'Solved on the first try.',
    'Very clear explanation.',
    'Great service, as always.',
    'The agent went the extra mile.',
  ],
  mixed: ['Fine in the end, but I had to explain it twice.', 'It works now; the wait was long.', 'OK, though the article could be clearer.'],
  bad: [
    'Took three transfers before anyone could help.',
    'Still not fixed after two weeks.',
    'I waited 40 minutes on hold.',
    'Nobody answered my message for days.',
    'The reply did not address my question.',
  ],
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
  const lastDay = options.lastDay ?? utcDay(new Date(Date.now() - DAY));
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
  let done = 0;
  let answered = 0;
  await pool(plan, options.concurrency ?? 8, async (item) => {
    if ((await replayInteraction(deps, item)).answered) answered++;
    options.onProgress?.(++done, plan.length);
  });
  return { interactions: plan.length, answered, customers: new Set(plan.map((p) => p.event.customer.id)).size };
}
