import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches } from 'class-validator';

/** `GET /api/v1/orders/{system}/{value}/history?asOf=`. */
export class OrderHistoryQuery {
  @ApiPropertyOptional({ example: '2024-08-04T12:00:00Z', description: 'The state as known at this time (recorded time); default now.' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/(Z|[+-]\d{2}:\d{2})$/i, { message: 'asOf must carry a time zone' })
  asOf?: string;
}
