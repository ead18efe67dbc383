import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** `POST /api/v1/downtimes` (CONTRACT.md §6). */
export class DeclareDowntimeRequest {
  @ApiProperty({ example: 'AVC', description: 'Site code, or "*" for every site.' })
  @Matches(/^(\*|[A-Za-z0-9._-]{1,64})$/, { message: 'facility must be a site code or "*"' })
  facility!: string;

  @ApiProperty({ example: ['ehr', 'lis'], description: 'Systems down; an empty list means all of them.' })
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^[a-z0-9._-]{1,32}$/, { each: true, message: 'systems must be lower-case system names' })
  systems!: string[];

  @ApiProperty({ example: '2024-08-03T10:00:00Z', description: 'When the degraded period began (date-time with zone).' })
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/(Z|[+-]\d{2}:\d{2})$/i, { message: 'start must carry a time zone' })
  start!: string;

  @ApiPropertyOptional({ example: '2024-08-04T18:00:00Z', description: 'When it ended, if it has.' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/(Z|[+-]\d{2}:\d{2})$/i, { message: 'end must carry a time zone' })
  end?: string;

  @ApiPropertyOptional({ example: 'power failure' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
