import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Domain } from '@continuity/contracts';
import { ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
import { DOMAINS } from '../config/api-options';

const WITH_ZONE = /(Z|[+-]\d{2}:\d{2})$/i;

/** `POST /api/v1/replays`: re-run the decisions taken in [from, to]. */
export class CreateReplayRequest {
  @ApiProperty({ example: '2024-08-03T00:00:00Z', description: 'Decisions taken at or after (date-time with zone).' })
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(WITH_ZONE, { message: 'from must carry a time zone' })
  from!: string;

  @ApiProperty({ example: '2024-08-06T00:00:00Z', description: 'Decisions taken at or before; the log is read as it was recorded by then.' })
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(WITH_ZONE, { message: 'to must carry a time zone' })
  to!: string;

  @ApiPropertyOptional({ enum: DOMAINS, isArray: true, description: 'Default: all three.' })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(DOMAINS, { each: true })
  domains?: Domain[];
}
