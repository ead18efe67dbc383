import { IsArray, IsOptional, IsString } from 'class-validator';
import { Text } from './fhir/decorators';
import type { DowntimePayload, HeartbeatPayload } from './fhir/payloads';

/** Data of `continuity.downtime.started` / `.ended` (`application/json`). */
export class DowntimeDto implements DowntimePayload {
  @Text() facility!: string;
  @IsArray() @Text({ each: true }) systems!: string[];
  @IsOptional() @IsString() reason?: string;
}

/** Data of `continuity.source.heartbeat` (`application/json`). */
export class HeartbeatDto implements HeartbeatPayload {
  @Text() facility!: string;
  @Text() system!: string;
}
