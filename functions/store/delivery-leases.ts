// The port the sender works through: an invitation's email and its one reminder, each sent once under a lease.
import type { CustomerProfile, Invitation, InvitationRef } from '../domain/model.js';

/** The invitation's email, or its one reminder: each sent once, by the same lease mechanism. */
export type DeliveryPhase = 'invitation' | 'reminder';

/** The invitation's fields each phase's lease and outcome are recorded in (the adapter and the fake both use these). */
export const PHASE_FIELDS = {
  invitation: { state: 'delivery', leaseUntil: 'leaseUntil', leaseOwner: 'leaseOwner', sentAt: 'sentAt', cancelReason: 'cancelReason' },
  reminder: {
    state: 'reminderDelivery',
    leaseUntil: 'reminderLeaseUntil',
    leaseOwner: 'reminderLeaseOwner',
    sentAt: 'reminderSentAt',
    cancelReason: 'reminderCancelReason',
  },
} as const satisfies Record<DeliveryPhase, Record<string, string>>;

export interface DeliveryLeases {
  getInvitation(ref: InvitationRef): Promise<Invitation | null>;
  getProfile(customerId: string): Promise<CustomerProfile | null>;
  isSuppressed(email: string): Promise<boolean>;
  /**
   * Takes the right to send the invitation's email until leaseUntil, for `owner` (one id per attempt, so that a retried
   * call is repeatable); false when another sender holds it or it was sent.
   */
  claimDelivery(ref: InvitationRef, now: string, leaseUntil: string, owner: string, phase?: DeliveryPhase): Promise<boolean>;
  markSent(ref: InvitationRef, sentAt: string, owner: string, phase?: DeliveryPhase): Promise<void>;
  releaseDelivery(ref: InvitationRef, owner: string, phase?: DeliveryPhase): Promise<void>;
  /** A pending email that must not go: the customer unsubscribed or the address is suppressed. */
  cancelDelivery(ref: InvitationRef, reason: 'unsubscribed' | 'suppressed', phase?: DeliveryPhase): Promise<void>;
  markReminderScheduled(ref: InvitationRef): Promise<void>;
}
