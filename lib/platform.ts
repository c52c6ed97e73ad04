// The whole platform in an app: the stateful stack, and the stateless one that receives its resources as typed props.
import { CfnOutput, Stack, type App, type StackProps } from 'aws-cdk-lib';
import { EdgeWebAcl } from './edge-protection.js';
import type { PlatformSettings } from './settings.js';
import { StatefulStack } from './stateful-stack.js';
import { StatelessStack } from './stateless-stack.js';

export interface Platform {
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
  /** The WAF web ACL for CloudFront, which must live in us-east-1; its ARN returns as the edgeWebAclArn setting. */
  readonly edge: Stack;
  readonly edgeWebAcl: EdgeWebAcl;
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
  const edge = new Stack(app, 'FeedbackEdge', {
    ...stackProps,
    env: { ...stackProps.env, region: 'us-east-1' },
    description: 'Feedback platform: WAF web ACL for CloudFront',
  });
  const edgeWebAcl = new EdgeWebAcl(edge, 'EdgeWebAcl');
  new CfnOutput(edge, 'WebAclArn', { value: edgeWebAcl.webAcl.attrArn, description: 'Deploy the service with -c edgeWebAclArn=<this>' });
  return { stateful, stateless, edge, edgeWebAcl };
}
