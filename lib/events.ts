// Interactions that end in the company's systems arrive as "Interaction Completed" events on a bus of our own.
import { Duration, Validations } from 'aws-cdk-lib';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { INTERACTION_EVENT } from '../functions/routes.js';

/** A dead-letter queue (by default of a rule's Lambda target), kept 14 days, encrypted and TLS-only like every queue. */
export function deadLetterQueue(scope: Construct, id: string, of = 'the EventBridge rule target and of the Lambda on-failure destination'): Queue {
  const queue = new Queue(scope, id, { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: `This queue is itself a dead-letter queue: of ${of}, which cdk-nag does not recognise.`,
  });
  return queue;
}

/** A rule's target that loses no event: both ways an event can fail end in the one dead-letter queue. */
export function lambdaTargetWithDeadLetters(handler: IFunction, deadLetterQueue: Queue): LambdaFunction {
  // The handler failing on an event, after Lambda's own retries (EventBridge invokes asynchronously).
  handler.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(6), onFailure: new SqsDestination(deadLetterQueue) });
  // EventBridge failing to hand the event to Lambda at all (throttling, outage).
  return new LambdaFunction(handler, { deadLetterQueue, retryAttempts: 8, maxEventAge: Duration.hours(6) });
}

export interface InteractionEventsProps {
  readonly handler: IFunction;
}

export class InteractionEvents extends Construct {
  readonly bus: EventBus;
  readonly rule: Rule;
  /** Events that could not be handled: delivery failures from EventBridge and processing failures from Lambda. */
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, { handler }: InteractionEventsProps) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', { description: 'Interactions completed in the company systems' });
    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetterQueue');
    this.rule = new Rule(this, 'InteractionCompleted', {
      eventBus: this.bus,
      eventPattern: { detailType: [INTERACTION_EVENT.detailType] },
      targets: [lambdaTargetWithDeadLetters(handler, this.deadLetterQueue)],
    });
  }
}
