// The port to the digest's settings and its "sent this week" markers (the adapter is dynamodb-digest-store.ts).
import type { DigestSettings } from './digest-settings.js';

export interface DigestStore {
  /** Null before the first PUT /settings/digest. */
  getSettings(): Promise<DigestSettings | null>;
  putSettings(settings: DigestSettings): Promise<DigestSettings>;
  /**
   * Records that `week`'s digest goes to `recipient`, unless it already went: true when this call claimed it (a
   * conditional write, so a retried or doubled trigger sends once).
   */
  claimSend(week: string, recipient: string, at: string): Promise<boolean>;
  /** Gives a claim back after its send failed, so that the scheduler's retry sends it. */
  releaseSend(week: string, recipient: string): Promise<void>;
}
