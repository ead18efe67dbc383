import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches } from 'class-validator';

/** `GET /api/v1/reports/discrepancies`: tasks authored in [from, to), optionally of one facility. */
export class DiscrepancyReportQuery {
  @ApiPropertyOptional({ example: '2024-08-03T00:00:00Z', description: 'Authored at or after (date-time with zone).' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  from?: string;

  @ApiPropertyOptional({ example: '2024-08-06T00:00:00Z', description: 'Authored before (date-time with zone).' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  to?: string;

  @ApiPropertyOptional({ example: 'AVC' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9*._-]{1,64}$/, { message: 'facility must be a facility code' })
  facility?: string;
}
