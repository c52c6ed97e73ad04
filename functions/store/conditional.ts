// A conditional write's outcome as a boolean: the condition held (written), or it did not (nothing written). Any other
// failure is thrown as it came.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

export async function writtenIf(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
