// The port ingest records through: an interaction, its invitation and the customer's profile, exactly once.
import type { Interaction, Invitation, InvitationRef, SurveyOutcome } from '../domain/model.js';

export interface NewInteraction {
  interaction: Interaction;
  customer: { id: string; email: string; name?: string; locale?: string };
  invitation: Invitation | null;
  outcome: SurveyOutcome;
  now: string;
  /** With a fatigue rule: no survey if the customer had one after this instant (any channel). */
  throttleSince?: string;
}

export type RecordResult = { created: true; outcome: SurveyOutcome } | { created: false; outcome: SurveyOutcome; ref: InvitationRef };

export interface IngestLedger {
  /**
   * Records an interaction, its invitation and the profile at once; a repeated interactionId changes nothing and answers
   * the first outcome. A suppressed address, an unsubscribed customer or the fatigue rule turn the survey into a skip.
   */
  recordInteraction(input: NewInteraction): Promise<RecordResult>;
  /** The invitation of an interaction recorded before (a repeat is queued again while its email is pending). */
  getInvitation(ref: InvitationRef): Promise<Invitation | null>;
}
