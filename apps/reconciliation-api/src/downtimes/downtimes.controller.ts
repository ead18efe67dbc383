import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, type RequestContext } from '../auth/caller';
import { Roles } from '../auth/roles.decorator';
import { DeclareDowntimeRequest } from './declare-downtime.request.dto';
import { Downtimes, type DeclaredDowntime } from './downtimes.service';

@ApiTags('operations')
@ApiBearerAuth()
@Controller('api/v1/downtimes')
export class DowntimesController {
  constructor(private readonly downtimes: Downtimes) {}

  @Post()
  @HttpCode(202)
  @Roles('officer', 'admin')
  @ApiOperation({ summary: 'Declare a degraded period (published on continuity.downtime.v1)' })
  @ApiAcceptedResponse({ description: 'The CloudEvents queued for publication: started, and ended when `end` is given.' })
  declare(@Body() body: DeclareDowntimeRequest, @Ctx() ctx: RequestContext): Promise<DeclaredDowntime> {
    return this.downtimes.declare(body, ctx);
  }
}
