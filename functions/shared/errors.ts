// Typed errors of the product; the one HTTP mapper (shared/http.ts) turns them into responses.
export interface FieldIssue {
  field: string;
  message: string;
}

export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
}

export class InvalidInput extends AppError {
  readonly status = 400;
  readonly code = 'invalid_input';
  constructor(
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
  }
}

export class Unauthorized extends AppError {
  readonly status = 401;
  readonly code = 'unauthorized';
}

export class NotFound extends AppError {
  readonly status = 404;
  readonly code = 'not_found';
}

export class Expired extends AppError {
  readonly status = 410;
  readonly code = 'expired';
}

/** A change the current state forbids: someone else changed it meanwhile, or a limit is reached. */
export class Conflict extends AppError {
  readonly status = 409;
  readonly code = 'conflict';
}

export class PayloadTooLarge extends AppError {
  readonly status = 413;
  readonly code = 'payload_too_large';
}

export class UnsupportedMediaType extends AppError {
  readonly status = 415;
  readonly code = 'unsupported_media_type';
}

/** A dependency failed in a way a retry may cure (throttling, a 5xx, the network). */
export class Unavailable extends AppError {
  readonly status = 503;
  readonly code = 'unavailable';
}

/** Our own failure; its cause is logged, never shown. */
export class Internal extends AppError {
  readonly status = 500;
  readonly code = 'internal';
}
