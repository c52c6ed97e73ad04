// The one error of the follow-up that the shared hierarchy lacks: a change the current state forbids (409).
import { AppError } from '../shared/errors.js';

export class Conflict extends AppError {
  readonly status = 409;
  readonly code = 'conflict';
}
