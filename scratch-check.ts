import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { addPlatform } from './lib/platform.js';
import { settingsFrom } from './lib/settings.js';
import { newApp, SETTINGS } from './test/cdk/build-platform.js';
const app = newApp({ ...SETTINGS, 'aws:cdk:bundling-stacks': [], alarmEmail: 'ops@example.org' });
addPlatform(app, settingsFrom(app.node));
const which = process.argv[2];
if (which === 'nag') {
  for (const pack of [new AwsSolutionsChecks(undefined, { verbose: false }), new ServerlessChecks(undefined, { verbose: false })]) {
    const { violations } = pack.validateScope(app);
    for (const v of violations) console.log(`${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
  }
} else {
  Validations.of(app).addPlugins(new CfnGuardValidator({}));
  try { app.synth(); console.log('clean'); } catch (e) { console.log(String(e).slice(0, 200000)); }
}
