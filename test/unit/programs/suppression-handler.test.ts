import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler, suppressionsOf } from '../../../functions/programs/suppression-handler.js';
import { NOW } from '../support/fixtures.js';

/** SES event details as a configuration set publishes them to EventBridge. */
function bounce(bounceType: 'Permanent' | 'Transient' | 'Undetermined', ...addresses: string[]) {
  return {
    eventType: 'Bounce',
    bounce: {
      feedbackId: '0100018f-bounce',
      bounceType,
      bounceSubType: 'General',
      bouncedRecipients: addresses.map((emailAddress) => ({ emailAddress, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' })),
      timestamp: '2026-03-02T09:59:00.000Z',
      reportingMTA: 'dsn; a8-1.smtp-out.amazonses.com',
    },
    mail: { timestamp: '2026-03-02T09:58:59.000Z', source: 'surveys@example.com', messageId: 'ses-1', destination: addresses },
  };
}

function complaint(...addresses: string[]) {
  return {
    eventType: 'Complaint',
    complaint: {
      feedbackId: '0100018f-complaint',
      complainedRecipients: addresses.map((emailAddress) => ({ emailAddress })),
      complaintFeedbackType: 'abuse',
      timestamp: '2026-03-02T09:59:00.000Z',
    },
    mail: { timestamp: '2026-03-02T09:58:59.000Z', source: 'surveys@example.com', messageId: 'ses-1', destination: addresses },
  };
}

describe('suppressionsOf', () => {
  it('suppresses every recipient of a hard bounce', () => {
    // Act
    const suppressions = suppressionsOf(bounce('Permanent', 'ana@example.org', 'ben@example.org'));

    // Assess
    expect(suppressions).toEqual([
      { email: 'ana@example.org', reason: 'hard_bounce' },
      { email: 'ben@example.org', reason: 'hard_bounce' },
    ]);
  });

  it.each(['Transient', 'Undetermined'] as const)('suppresses nobody for a %s (soft) bounce', (bounceType) => {
    // Act
    const suppressions = suppressionsOf(bounce(bounceType, 'ana@example.org'));

    // Assess
    expect(suppressions).toEqual([]);
  });

  it('suppresses every recipient who complained', () => {
    // Act
    const suppressions = suppressionsOf(complaint('ana@example.org'));

    // Assess
    expect(suppressions).toEqual([{ email: 'ana@example.org', reason: 'complaint' }]);
  });

  it('suppresses nobody for a complaint that names no recipient', () => {
    // Prepare
    const { complainedRecipients: _recipients, ...withoutRecipients } = complaint().complaint;

    // Act
    const suppressions = suppressionsOf({ eventType: 'Complaint', complaint: withoutRecipients });

    // Assess
    expect(suppressions).toEqual([]);
  });

  it.each([
    ['null', null],
    ['a string', 'Bounce'],
    ['another SES event', { eventType: 'Delivery', delivery: { recipients: ['ana@example.org'] } }],
    ['a bounce without its details', { eventType: 'Bounce' }],
    ['a bounce without a type', { eventType: 'Bounce', bounce: { bouncedRecipients: [{ emailAddress: 'ana@example.org' }] } }],
    ['a recipient without an address', { eventType: 'Complaint', complaint: { complainedRecipients: [{ status: '5.1.1' }] } }],
    ['recipients that are not a list', { eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: 'ana@example.org' } }],
  ])('does not understand %s', (_what, detail) => {
    // Act
    const suppressions = suppressionsOf(detail);

    // Assess
    expect(suppressions).toBeNull();
  });
});

describe('the suppression handler', () => {
  const dynamo = mockClient(DynamoDBDocumentClient);

  function event(detailType: string, detail: unknown): EventBridgeEvent<string, unknown> {
    return {
      id: 'event-1',
      version: '0',
      account: '123456789012',
      time: NOW.toISOString(),
      region: 'us-east-1',
      resources: [],
      source: 'aws.ses',
      'detail-type': detailType,
      detail,
    };
  }

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  });

  afterEach(() => {
    dynamo.reset();
    vi.useRealTimers();
  });

  it('records each suppressed address, trimmed and lower-cased, with why and when', async () => {
    // Prepare
    dynamo.on(PutCommand).resolves({});

    // Act
    await handler(event('Email Bounced', bounce('Permanent', 'Ana@Example.org', 'ben@example.org')));

    // Assess
    expect(dynamo).toHaveReceivedCommandTimes(PutCommand, 2);
    expect(dynamo).toHaveReceivedNthCommandWith(PutCommand, 1, {
      TableName: 'feedback-test',
      Item: {
        pk: 'SUPPRESSED#ana@example.org',
        sk: 'SUPPRESSION',
        type: 'Suppression',
        v: 1,
        reason: 'hard_bounce',
        at: NOW.toISOString(),
        detailType: 'Email Bounced',
      },
    });
    expect(dynamo).toHaveReceivedNthCommandWith(PutCommand, 2, {
      TableName: 'feedback-test',
      Item: {
        pk: 'SUPPRESSED#ben@example.org',
        sk: 'SUPPRESSION',
        type: 'Suppression',
        v: 1,
        reason: 'hard_bounce',
        at: NOW.toISOString(),
        detailType: 'Email Bounced',
      },
    });
  });

  it('records a complaint', async () => {
    // Prepare
    dynamo.on(PutCommand).resolves({});

    // Act
    await handler(event('Email Complaint Received', complaint('ana@example.org')));

    // Assess
    expect(dynamo).toHaveReceivedCommandExactlyOnceWith(PutCommand, {
      TableName: 'feedback-test',
      Item: {
        pk: 'SUPPRESSED#ana@example.org',
        sk: 'SUPPRESSION',
        type: 'Suppression',
        v: 1,
        reason: 'complaint',
        at: NOW.toISOString(),
        detailType: 'Email Complaint Received',
      },
    });
  });

  it('writes nothing for a soft bounce', async () => {
    // Act
    await handler(event('Email Bounced', bounce('Transient', 'ana@example.org')));

    // Assess
    expect(dynamo).not.toHaveReceivedCommand(PutCommand);
  });

  it('ignores an event it does not understand, without failing (a retry would not help)', async () => {
    // Act
    const handling = handler(event('Email Bounced', { eventType: 'Bounce' }));

    // Assess
    await expect(handling).resolves.toBeUndefined();
    expect(dynamo).not.toHaveReceivedCommand(PutCommand);
  });

  it('fails when the table fails, so that EventBridge retries', async () => {
    // Prepare
    dynamo.on(PutCommand).rejects(new Error('table unavailable'));

    // Act
    const handling = handler(event('Email Bounced', bounce('Permanent', 'ana@example.org')));

    // Assess
    await expect(handling).rejects.toThrow('table unavailable');
  });
});
