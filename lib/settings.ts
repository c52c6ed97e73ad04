// Deployment settings read once from CDK context (`-c senderEmail=...`), validated before any resource is built.
import type { Node } from 'constructs';

export interface PlatformSettings {
  /** The From address of invitation emails. */
  readonly senderEmail: string;
  /** The SES identity (domain or email address) that senderEmail is verified under: the only identity the mailer may use. */
  readonly senderIdentity: string;
  /** The company name shown in emails and on the survey page. */
  readonly brandName: string;
  /** Cognito's hosted UI for the dashboard (https://<prefix>.auth.<region>.amazoncognito.com), once set up (docs/deploy.md). */
  readonly managerSignInDomain?: string;
}

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
  return { senderEmail, senderIdentity, brandName: read('brandName') ?? 'Example Co', ...(managerSignInDomain ? { managerSignInDomain } : {}) };
}
