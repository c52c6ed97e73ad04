// Builds the platform exactly as bin/app.ts does, with cdk.json's feature flags, for the CDK tests.
import { readFileSync } from 'node:fs';
import { App, Stack, type CfnElement } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { addPlatform, type Platform } from '../../lib/platform.js';
import { settingsFrom } from '../../lib/settings.js';

export const SETTINGS = { senderEmail: 'surveys@mail.example.org', senderIdentity: 'mail.example.org', brandName: 'Acme' } as const;

/**
 * Context that skips bundling the functions' code (esbuild, about 20 bundles a synth): for the tests of resources that do
 * not depend on the code. platform.test.ts synthesizes once with bundling, as `cdk synth` does.
 */
export const WITHOUT_BUNDLING = { 'aws:cdk:bundling-stacks': [] } as const;

export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson: unknown = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'));
  if (typeof cdkJson !== 'object' || cdkJson === null || !('context' in cdkJson)) throw new Error('cdk.json has no context');
  return cdkJson.context as Record<string, unknown>;
}

export function newApp(context: Record<string, unknown> = {}): App {
  return new App({ context: { ...cdkJsonContext(), ...context } });
}

export function buildPlatform(context: Record<string, unknown> = {}): { app: App; platform: Platform } {
  const app = newApp({ ...SETTINGS, ...context });
  return { app, platform: addPlatform(app, settingsFrom(app.node)) };
}

/** The logical id CloudFormation will see for a construct's underlying resource. */
export function logicalId(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}

export type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;
export const resourcesOf = (template: Template): Resources => template.toJSON().Resources as Resources;
