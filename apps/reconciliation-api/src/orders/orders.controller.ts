import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@continuity/service-kit';
import { AuditLog } from '../audit/audit-log';
import { Ctx, type RequestContext } from '../auth/caller';
import { Roles } from '../auth/roles.decorator';
import { OrderHistories, type OrderHistory } from './order-history.service';
import { OrderHistoryQuery } from './order-history.query.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/orders')
export class OrdersController {
  constructor(
    private readonly histories: OrderHistories,
    private readonly audit: AuditLog,
  ) {}

  @Get(':system/:value/history')
  @Roles('auditor')
  @ApiOperation({ summary: 'Every stored event of one order, in recorded-time order, and its state as known at `asOf`' })
  @ApiParam({ name: 'system', description: 'The placer identifier system, URL-encoded (e.g. urn%3Aoid%3A1.2.250…)' })
  @ApiParam({ name: 'value', description: 'The placer identifier value' })
  @ApiOkResponse({ description: '`{order, asOf, state, events, tasks}`; 404 when no reconciler stored anything about the order.' })
  async history(@Param('system') system: string, @Param('value') value: string, @Query() query: OrderHistoryQuery, @Ctx() ctx: RequestContext): Promise<OrderHistory> {
    const asOf = query.asOf === undefined ? new Date() : new Date(query.asOf);
    const history = system.length <= 512 && value.length <= 512 ? await this.histories.of(system, value, asOf) : null;
    if (history === null) throw new DomainError({ code: 'ORDER.NOT_FOUND', kind: 'not-found', detail: 'no stored event names this order' });
    await this.audit.record({
      caller: ctx.caller,
      requestId: ctx.requestId,
      action: 'order.history',
      outcome: 'ok',
      resourceType: 'Order',
      resourceIds: [`${system}|${value}`],
      patientKeys: history.events.map((e) => e.patientKey).filter((k): k is string => k !== null),
      detail: { asOf: history.asOf, events: history.events.length },
    });
    return history;
  }
}
