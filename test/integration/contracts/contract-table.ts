// The contract suites' table: a fresh one per file on the stack's DynamoDB Local, so that the ports' singleton items
// (definitions, topics, alert rules, close statistics) never change what the other integration tests see.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll } from 'vitest';
import { ensureTable } from '../../../local/table.js';
import { stack } from '../helpers.js';

const dynamodb = new DynamoDBClient({ endpoint: stack.dynamodbUrl, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

/** Configured as the functions' own client (functions/store/dynamodb-client.ts), straight to DynamoDB Local (no fault proxy). */
export const contractClient = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });

/**
 * The table's name, created before the file's first test. Without a stream: the ports' contracts never read one, and
 * DynamoDB Local's stream records (kept after the table is gone) slow every later write in every table.
 */
export function contractTable(prefix: string): string {
  const tableName = `contracts-${prefix}-${randomUUID()}`;
  beforeAll(() => ensureTable(dynamodb, tableName, { stream: false }));
  return tableName;
}

/** A table of one test's own, for ports whose items are one per channel or per day (rules, statistics, lists by status). */
export async function freshTable(prefix: string): Promise<string> {
  const tableName = `contracts-${prefix}-${randomUUID()}`;
  await ensureTable(dynamodb, tableName, { stream: false });
  return tableName;
}

/** A short unique id for one test's customer, interaction, token... */
export const uniqueId = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
