#!/usr/bin/env node
// The CDK app. Two stacks: the data (table, managers, ingest key) must outlive any redeploy of the stateless service around it.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addPlatform } from '../lib/platform.js';
import { settingsFrom } from '../lib/settings.js';

const app = new App();
// Environment-agnostic: no lookups, so the same templates synthesize offline; the CLI's profile picks account and region.
addPlatform(app, settingsFrom(app.node));
// cdk-nag 3 is a policy-validation plugin (it was an Aspect in v2): any unacknowledged finding fails the synth.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
