// The role an EventBridge Scheduler schedule of this account runs as; its target grants it what it may do.
import { Stack } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

export function schedulerRole(scope: Construct, id: string, description: string): Role {
  return new Role(scope, id, {
    description,
    // Only this account's schedules may use it (confused-deputy protection).
    assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } } }),
  });
}
