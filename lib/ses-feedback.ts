// What SES tells us about sent invitations: the configuration set the mailer sends with publishes bounces and complaints
// to the default event bus, where a rule hands them to the suppression function.
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { ConfigurationSet, EmailSendingEvent, EventDestination } from 'aws-cdk-lib/aws-ses';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SES_FEEDBACK_EVENT } from '../functions/routes.js';
import { deadLetterQueue, lambdaTargetWithDeadLetters } from './events.js';

/** The configuration set's name: fixed, so that operators can find it (docs/deploy.md). */
export const CONFIGURATION_SET_NAME = 'feedback-invitations';

export interface SesFeedbackProps {
  /** Records the suppressions: the `suppression` function. */
  readonly handler: IFunction;
}

export class SesFeedback extends Construct {
  readonly configurationSet: ConfigurationSet;
  readonly rule: Rule;
  /** Bounces and complaints that could not be handed to, or handled by, the suppression function. */
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, { handler }: SesFeedbackProps) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: CONFIGURATION_SET_NAME,
      // Bounce and complaint rates of these sends alone in CloudWatch: the figures SES reviews an account by.
      reputationMetrics: true,
    });
    // SES publishes to the default bus only, and needs no permission to do so.
    const defaultBus = EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    this.configurationSet.addEventDestination('ToEventBridge', {
      destination: EventDestination.eventBus(defaultBus),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });

    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetterQueue');
    // No eventBus: the rule is on the default bus, where SES's events arrive.
    this.rule = new Rule(this, 'BouncesAndComplaints', {
      description: 'SES bounces and complaints of the invitations configuration set: suppress the address',
      eventPattern: { source: [SES_FEEDBACK_EVENT.source], detailType: [...SES_FEEDBACK_EVENT.detailTypes] },
      targets: [lambdaTargetWithDeadLetters(handler, this.deadLetterQueue)],
    });
  }
}
