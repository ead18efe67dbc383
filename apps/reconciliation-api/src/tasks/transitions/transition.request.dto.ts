import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, ValidateBy, ValidateIf, type ValidationArguments } from 'class-validator';
import { TASK_STATUSES, type TaskStatus } from '../task-lifecycle';

/** Longest reason kept: a sentence or two, not a clinical note. */
export const MAX_REASON_LENGTH = 1000;

/** What is wrong with a reason, or null: one message per field, whichever the problem. */
function reasonProblem(value: unknown): string | null {
  if (value === undefined || value === null) return 'is required to reject a task';
  if (typeof value !== 'string') return 'must be a string';
  if (value.trim() === '') return 'is required to reject a task';
  if (value.length > MAX_REASON_LENGTH) return `must be at most ${MAX_REASON_LENGTH} characters`;
  return null;
}

/** `POST /api/v1/tasks/{id}/transitions`. */
export class TransitionRequest {
  @ApiProperty({ enum: TASK_STATUSES, description: 'The status to move to (the lifecycle decides whether it is allowed: 409 if not).' })
  @IsIn(TASK_STATUSES)
  status!: TaskStatus;

  @ApiPropertyOptional({ maxLength: MAX_REASON_LENGTH, description: 'Why; required to reject. Stored and shown on the task, never logged.' })
  @ValidateIf((o: TransitionRequest) => o.status === 'rejected' || o.reason !== undefined)
  @ValidateBy({
    name: 'isReason',
    validator: {
      validate: (value: unknown) => reasonProblem(value) === null,
      defaultMessage: (args?: ValidationArguments) => `reason ${reasonProblem(args?.value) ?? 'is invalid'}`,
    },
  })
  reason?: string;
}
