import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import { describe, expect, it } from 'vitest';
import { asLambdaRecord } from '../../../local/stream-poller.js';

/** A stream record as the SDK reads it from DynamoDB Local. */
function record(images: { NewImage?: Record<string, unknown>; OldImage?: Record<string, unknown> }): _Record {
  return { eventID: '1', eventName: 'MODIFY', dynamodb: { SequenceNumber: '100', Keys: { pk: { S: 'a' } }, ...images } } as _Record;
}

describe('asLambdaRecord', () => {
  it('gives an empty map back its type, as Lambda delivers it', () => {
    // Act
    const repaired = asLambdaRecord(record({ NewImage: { pk: { S: 'a' }, counts: {} } }));

    // Assess
    expect(repaired.dynamodb?.NewImage).toEqual({ pk: { S: 'a' }, counts: { M: {} } });
  });

  it('repairs empty maps nested in maps and lists, in both images', () => {
    // Prepare
    const image = { byDay: { M: { '2024-03-10': {}, '2024-03-11': { M: { n: { N: '2' } } } } }, history: { L: [{}, { S: 'x' }] } };

    // Act
    const repaired = asLambdaRecord(record({ NewImage: image, OldImage: image }));

    // Assess
    const expected = { byDay: { M: { '2024-03-10': { M: {} }, '2024-03-11': { M: { n: { N: '2' } } } } }, history: { L: [{ M: {} }, { S: 'x' }] } };
    expect(repaired.dynamodb?.NewImage).toEqual(expected);
    expect(repaired.dynamodb?.OldImage).toEqual(expected);
  });

  it('leaves every other value, the keys and a missing image as they are', () => {
    // Prepare
    const image = { pk: { S: 'a' }, n: { N: '1' }, ok: { BOOL: false }, none: { NULL: true }, tags: { SS: ['x'] } };

    // Act
    const repaired = asLambdaRecord(record({ NewImage: image }));

    // Assess
    expect(repaired).toEqual(record({ NewImage: image, OldImage: undefined }));
  });
});
