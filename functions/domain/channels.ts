// The channels a customer can reach the company on: the one list every layer imports.
export const CHANNELS = ['voice', 'email', 'chat', 'web', 'community', 'social'] as const;
export type Channel = (typeof CHANNELS)[number];
