/**
 * Domain errors: services throw these; the gateway's single error handler turns each into the one JSON
 * error shape. Messages must be safe to show to the caller (no personal data, no internals).
 */
export interface ErrorDetail {
  /** A field path such as `body.people.3.birthYear` or a spreadsheet location such as `row 12 / 身份证号`. */
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string) {
    super(404, 'not_found', `${what} not found`);
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, details?: ErrorDetail[]) {
    super(422, 'validation_failed', message, details);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string) {
    super(409, 'conflict', message);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = 'a valid API key is required') {
    super(401, 'unauthorized', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'this key may not do that', details?: ErrorDetail[]) {
    super(403, 'forbidden', message, details);
  }
}
