import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength, ValidateIf } from 'class-validator';
import { TASK_STATUSES, type TaskStatus } from '../task-lifecycle';

/** `POST /api/v1/tasks/{id}/transitions`. */
export class TransitionRequest {
  @ApiProperty({ enum: TASK_STATUSES, description: 'The status to move to (the lifecycle decides whether it is allowed: 409 if not).' })
  @IsIn(TASK_STATUSES)
  status!: TaskStatus;

  @ApiPropertyOptional({ maxLength: 1000, description: 'Why; required to reject. Stored and shown on the task, never logged.' })
  @ValidateIf((o: TransitionRequest) => o.status === 'rejected' || o.reason !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'reason is required to reject a task' })
  @MaxLength(1000)
  reason?: string;
}
