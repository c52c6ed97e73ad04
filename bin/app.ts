#!/usr/bin/env node
// The CDK app. Two stacks: the data (table, managers, ingest key) must outlive any redeploy of the stateless service around it.
import { App } from 'aws-cdk-lib';
import { addPlatformChecks } from '../lib/checks.js';
import { addPlatform } from '../lib/platform.js';
import { settingsFrom } from '../lib/settings.js';

const app = new App();
// Environment-agnostic: no lookups, so the same templates synthesize offline; the CLI's profile picks account and region.
addPlatform(app, settingsFrom(app.node));
// cdk-nag 3 (AwsSolutions and Serverless packs) and cfn-guard are policy-validation plugins: any unacknowledged finding fails the synth.
addPlatformChecks(app);
