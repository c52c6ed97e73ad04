// Interactions that end in the company's systems arrive as "Interaction Completed" events on a bus of our own.
import { Duration, Validations } from 'aws-cdk-lib';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { INTERACTION_EVENT } from '../functions/routes.js';

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
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself a dead-letter queue: of the EventBridge rule target and of the Lambda on-failure destination, which cdk-nag does not recognise.',
    });

    this.rule = new Rule(this, 'InteractionCompleted', {
      eventBus: this.bus,
      eventPattern: { detailType: [INTERACTION_EVENT.detailType] },
      // EventBridge invokes asynchronously: these settings cover failures to hand the event to Lambda (throttling, outage)...
      targets: [new LambdaFunction(handler, { deadLetterQueue: this.deadLetterQueue, retryAttempts: 8, maxEventAge: Duration.hours(6) })],
    });
    // ...and these cover the handler failing on it, after Lambda's own retries.
    handler.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(6), onFailure: new SqsDestination(this.deadLetterQueue) });
  }
}
