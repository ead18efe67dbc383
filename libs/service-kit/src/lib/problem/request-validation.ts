import { BadRequestException, ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import type { FieldError } from './problem-details';

/** Stable code of a request whose body, query or params failed validation. */
export const REQUEST_INVALID = 'REQUEST.INVALID';

/** A 400 whose problem body lists each rejected field. */
export class RequestValidationException extends BadRequestException {
  constructor(readonly errors: readonly FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.detail}`).join('; '));
    this.name = 'RequestValidationException';
  }
}

/**
 * Flattens class-validator's tree into one entry per failed field, with a path like
 * `input[0].valueCode`; the detail drops class-validator's leading property name
 * ("status must be one of…" becomes field `status`, detail "must be one of…").
 */
export function fieldErrorsOf(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = joinPath(parent, error.property);
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      detail: withoutProperty(message, error.property),
    }));
    return [...own, ...fieldErrorsOf(error.children ?? [], field)];
  });
}

function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent === '' ? property : `${parent}.${property}`;
}

function withoutProperty(message: string, property: string): string {
  for (const prefix of [`${property} `, `property ${property} `, `nested property ${property} `]) {
    if (message.startsWith(prefix)) return message.slice(prefix.length);
  }
  return message;
}

/**
 * The ValidationPipe every service uses: unknown properties are errors (not silently dropped),
 * payloads become DTO instances, and failures name their fields. Values are not copied into
 * the errors: they may be patient data.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationException(fieldErrorsOf(errors)),
  });
}
