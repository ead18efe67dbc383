import { BadRequestException, NotFoundException, type ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, ValidateNested } from 'class-validator';
import { DomainError, httpStatusOf, type DomainErrorKind } from './domain-error';
import { INTERNAL_ERROR_DETAIL, problemFor } from './problem-for';
import { createValidationPipe, RequestValidationException } from './request-validation';

class Coding {
  @IsString() code!: string;
}

class TransitionRequest {
  @IsIn(['requested', 'accepted', 'in-progress', 'completed', 'rejected'])
  status!: string;

  @IsOptional() @IsString() reason?: string;

  @IsOptional() @IsInt() @Max(100) @Type(() => Number) count?: number;

  @IsOptional() @ValidateNested({ each: true }) @Type(() => Coding) codings?: Coding[];
}

const body: ArgumentMetadata = { type: 'body', metatype: TransitionRequest };

/** Runs the real pipe and returns what it threw. */
async function rejectionOf(value: unknown): Promise<RequestValidationException> {
  try {
    await createValidationPipe().transform(value, body);
  } catch (error) {
    if (error instanceof RequestValidationException) return error;
    throw error;
  }
  throw new Error('expected the pipe to reject');
}

describe('createValidationPipe', () => {
  it('names the field and drops the property name from its detail', async () => {
    const problem = problemFor(await rejectionOf({ status: 'done' }), { instance: '/api/v1/tasks/t1/transitions' });
    expect(problem).toEqual({
      type: 'urn:continuity:problem:REQUEST.INVALID',
      title: 'Invalid request',
      status: 400,
      code: 'REQUEST.INVALID',
      instance: '/api/v1/tasks/t1/transitions',
      detail: 'status: must be one of the following values: requested, accepted, in-progress, completed, rejected',
      errors: [{ field: 'status', detail: 'must be one of the following values: requested, accepted, in-progress, completed, rejected' }],
    });
  });

  it('rejects unknown properties instead of dropping them', async () => {
    const error = await rejectionOf({ status: 'accepted', patient: 'Patient/123' });
    expect(error.errors).toEqual([{ field: 'patient', detail: 'should not exist' }]);
  });

  it('gives nested array fields a path', async () => {
    const error = await rejectionOf({ status: 'accepted', codings: [{ code: 'a' }, { code: 7 }] });
    expect(error.errors).toEqual([{ field: 'codings[1].code', detail: 'must be a string' }]);
  });

  it('lists every failed field in the detail', async () => {
    const error = await rejectionOf({ reason: 3, count: 500 });
    expect(error.errors.map((e) => e.field).sort()).toEqual(['count', 'reason', 'status']);
    expect(error.message).toMatch(/count: must not be greater than 100/);
    expect(error.message).toMatch(/reason: must be a string/);
  });

  it('never copies the rejected values into the problem', async () => {
    const problem = problemFor(await rejectionOf({ status: 'Patient/2750312345678' }));
    expect(JSON.stringify(problem)).not.toContain('2750312345678');
  });

  it('transforms a valid payload into the DTO', async () => {
    const dto = await createValidationPipe().transform({ status: 'accepted', count: '3' }, body);
    expect(dto).toBeInstanceOf(TransitionRequest);
    expect(dto).toEqual(Object.assign(new TransitionRequest(), { status: 'accepted', count: 3 }));
  });
});

describe('problemFor', () => {
  it('maps a DomainError to its status, code and extensions', () => {
    const error = new DomainError({
      code: 'TASK.ILLEGAL_TRANSITION',
      kind: 'conflict',
      detail: 'status: a completed task cannot become requested',
      extensions: { allowed: [] },
    });
    expect(problemFor(error, { instance: '/x', requestId: 'r-1' })).toEqual({
      type: 'urn:continuity:problem:TASK.ILLEGAL_TRANSITION',
      title: 'Conflict',
      status: 409,
      detail: 'status: a completed task cannot become requested',
      instance: '/x',
      requestId: 'r-1',
      code: 'TASK.ILLEGAL_TRANSITION',
      allowed: [],
    });
  });

  it('lets extensions never override the standard members', () => {
    const error = new DomainError({ code: 'TASK.NOT_FOUND', kind: 'not-found', detail: 'd', extensions: { status: 200, type: 'x' } });
    expect(problemFor(error)).toMatchObject({ status: 404, type: 'urn:continuity:problem:TASK.NOT_FOUND' });
  });

  it('maps Nest HttpExceptions to about:blank with the status phrase', () => {
    expect(problemFor(new NotFoundException('Cannot GET /nope'))).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'Cannot GET /nope',
    });
    expect(problemFor(new BadRequestException(['a is bad', 'b is bad'])).detail).toBe('a is bad; b is bad');
  });

  it('hides the message of unexpected errors', () => {
    const problem = problemFor(new Error('column "subject" = Patient/123 failed'));
    expect(problem).toEqual({ type: 'about:blank', title: 'Internal Server Error', status: 500, detail: INTERNAL_ERROR_DETAIL });
  });

  it('does not quote the body of a malformed JSON request', () => {
    const parseError = Object.assign(new SyntaxError('Unexpected token, "{"subject":"Patient/123"" is not valid JSON'), {
      status: 400,
      expose: true,
      type: 'entity.parse.failed',
    });
    expect(problemFor(parseError)).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'The request body is not valid JSON.',
    });
  });
});

describe('httpStatusOf', () => {
  it.each<[DomainErrorKind, number]>([
    ['invalid', 400],
    ['unauthenticated', 401],
    ['forbidden', 403],
    ['not-found', 404],
    ['conflict', 409],
    ['unprocessable', 422],
    ['unavailable', 503],
  ])('%s → %d', (kind, status) => {
    expect(httpStatusOf(kind)).toBe(status);
  });
});
