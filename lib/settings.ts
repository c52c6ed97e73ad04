// Deployment settings read once from CDK context (`-c senderEmail=...`), validated before any resource is built.
// Context values arrive as strings from the command line (`-c sesSendRate=400`), as JSON values from cdk.json.
import type { Node } from 'constructs';
import { THROTTLE } from '../functions/routes.js';

export interface PlatformSettings {
  /** The From address of invitation emails. */
  readonly senderEmail: string;
  /** The SES identity (domain or email address) that senderEmail is verified under: the only identity the mailer may use. */
  readonly senderIdentity: string;
  /** The company name shown in emails and on the survey page. */
  readonly brandName: string;
  /** Cognito's hosted UI for the dashboard (https://<prefix>.auth.<region>.amazoncognito.com), once set up (docs/deploy.md). */
  readonly managerSignInDomain?: string;
  /** The account's SES maximum send rate (emails per second, from the SES console or GetAccount): sizes the mailer. */
  readonly sesSendRate: number;
  /** Survey page requests (clicks and submits) per second before API Gateway throttles them. */
  readonly surveyPageRateLimit: number;
  /** The WAF web ACL of the FeedbackEdge stack (its WebAclArn output), attached to the API's and the dashboard's distributions. */
  readonly edgeWebAclArn?: string;
  /** Where the operations alarms are emailed (`-c alarmEmail=`): without it the alarms still fire, to a topic nobody reads yet. */
  readonly alarmEmail?: string;
}

/** SES's default maximum send rate of an account out of the sandbox. */
export const DEFAULT_SES_SEND_RATE = 14;

/**
 * Emails one mailer instance sends per second, conservatively: a batch of 10 (sent side by side) in 0.4 s, where the
 * benchmark measured about 0.12 s a batch (docs/capacity.md). Fewer instances than SES allows only queue the peak.
 */
const EMAILS_PER_SECOND_PER_MAILER = 25;

/** How many mailer instances keep up with the SES send rate without outrunning it (SES throttling is retried anyway). */
export const mailerConcurrencyFor = (sesSendRate: number) => Math.min(1_000, Math.max(2, Math.ceil(sesSendRate / EMAILS_PER_SECOND_PER_MAILER)));

const EMAIL = /^[^\s@]+@([^\s@]+\.[^\s@]+)$/;

export function settingsFrom(node: Node): PlatformSettings {
  const read = (key: string): string | undefined => {
    const value: unknown = node.tryGetContext(key);
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string') throw new Error(`Context "${key}" must be a string`);
    return value.trim();
  };
  const senderEmail = read('senderEmail') ?? 'surveys@example.com';
  const domain = EMAIL.exec(senderEmail)?.[1];
  if (!domain) throw new Error(`Context "senderEmail" is not an email address: ${senderEmail}`);
  const senderIdentity = read('senderIdentity') ?? domain;
  // SES authorizes a send against the identity the From address belongs to: the address itself, its domain or a parent domain.
  const covers = senderIdentity === senderEmail || domain === senderIdentity || domain.endsWith(`.${senderIdentity}`);
  if (!covers) throw new Error(`Context "senderIdentity" (${senderIdentity}) does not cover senderEmail (${senderEmail})`);
  const managerSignInDomain = read('managerSignInDomain')?.replace(/\/$/, '');
  if (managerSignInDomain !== undefined && !/^https:\/\/[a-z0-9.-]+$/.test(managerSignInDomain)) {
    throw new Error(`Context "managerSignInDomain" must be the https:// URL of the Cognito domain (got ${managerSignInDomain})`);
  }
  const edgeWebAclArn = read('edgeWebAclArn');
  if (edgeWebAclArn !== undefined && !/^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]+\/[\w-]+$/.test(edgeWebAclArn)) {
    throw new Error(
      `Context "edgeWebAclArn" must be the ARN of a CloudFront (global, us-east-1) WAF web ACL: the WebAclArn output of FeedbackEdge (got ${edgeWebAclArn})`,
    );
  }
  const alarmEmail = read('alarmEmail');
  if (alarmEmail !== undefined && !EMAIL.test(alarmEmail)) throw new Error(`Context "alarmEmail" is not an email address: ${alarmEmail}`);
  const rate = (key: string, fallback: number): number => {
    const value: unknown = node.tryGetContext(key);
    if (value === undefined || value === '') return fallback;
    const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new Error(`Context "${key}" must be a whole number per second, 1 to 100000 (got ${String(value)})`);
    return n;
  };
  return {
    senderEmail,
    senderIdentity,
    brandName: read('brandName') ?? 'Example Co',
    ...(managerSignInDomain ? { managerSignInDomain } : {}),
    sesSendRate: rate('sesSendRate', DEFAULT_SES_SEND_RATE),
    surveyPageRateLimit: rate('surveyPageRateLimit', THROTTLE.public.rateLimit),
    ...(edgeWebAclArn ? { edgeWebAclArn } : {}),
    ...(alarmEmail ? { alarmEmail } : {}),
  };
}
