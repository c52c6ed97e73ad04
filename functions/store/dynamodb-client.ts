// One DynamoDB document client per container, configured once.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../shared/zod.js';
import { endpointUrl, loadConfig } from '../shared/config.js';

const config = loadConfig({ TABLE_NAME: z.string().check(z.minLength(1)), DYNAMODB_ENDPOINT: endpointUrl });

export const tableName = config.TABLE_NAME;
export const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: config.DYNAMODB_ENDPOINT, maxAttempts: 5 }), {
  marshallOptions: { removeUndefinedValues: true },
});
