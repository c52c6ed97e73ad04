// Who the CX manager behind a request is: the `sub` claim of the Cognito token the API's JWT authorizer checked
// ('local-manager' on the local stack). Recorded with what they change, never logged.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { Unauthorized } from './errors.js';

export function managerOf(event: APIGatewayProxyEventV2): string {
  const context = event.requestContext as APIGatewayProxyEventV2['requestContext'] & { authorizer?: { jwt?: { claims?: Record<string, unknown> } } };
  const sub = context.authorizer?.jwt?.claims?.sub;
  if (typeof sub !== 'string' || sub === '') throw new Unauthorized('No manager identity on this request.');
  return sub;
}
