// The whole platform in an app: the stateful stack, and the stateless one that receives its resources as typed props.
import type { App, StackProps } from 'aws-cdk-lib';
import type { PlatformSettings } from './settings.js';
import { StatefulStack } from './stateful-stack.js';
import { StatelessStack } from './stateless-stack.js';

export interface Platform {
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

export function addPlatform(app: App, settings: PlatformSettings, stackProps: StackProps = {}): Platform {
  const stateful = new StatefulStack(app, 'FeedbackStateful', { ...stackProps, description: 'Feedback platform: table, managers, ingest key' });
  const stateless = new StatelessStack(app, 'FeedbackStateless', {
    ...stackProps,
    description: 'Feedback platform: API, functions, events, delivery',
    settings,
    table: stateful.storage.table,
    userPool: stateful.managers.userPool,
    userPoolClient: stateful.managers.client,
    ingestApiKey: stateful.ingestApiKey,
  });
  return { stateful, stateless };
}
