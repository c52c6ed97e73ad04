// The port through which invitations leave as email; its SES (v2 API) adapter is functions/delivery/ses-mailer.ts.

export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}
