import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { RequestValidationException } from '@continuity/service-kit';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import { Ctx, type RequestContext } from '../auth/caller';
import { Roles } from '../auth/roles.decorator';
import { API_DATA_SOURCE } from '../config/tokens';
import { TaskReadModel } from '../tasks/task-read-model';
import { discrepancyReport, reportCsv, type DiscrepancyReport } from './discrepancy-report';
import { DiscrepancyReportQuery } from './discrepancy-report.query.dto';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/v1/reports')
export class ReportsController {
  private readonly readModel = new TaskReadModel();

  constructor(
    @Inject(API_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  @Get('discrepancies')
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: 'Tasks by rule × facility × severity × status; `Accept: text/csv` gives CSV' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'JSON `{from, to, facility, total, rows}` or CSV with the columns rule, display, facility, severity, status, count.' })
  async discrepancies(
    @Query() query: DiscrepancyReportQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Ctx() ctx: RequestContext,
  ): Promise<DiscrepancyReport | string> {
    const from = query.from === undefined ? undefined : new Date(query.from);
    const to = query.to === undefined ? undefined : new Date(query.to);
    if (from && to && from > to) throw new RequestValidationException([{ field: 'to', detail: 'must not be before from' }]);
    const cells = await this.readModel.report(this.dataSource.manager, { from, to, facility: query.facility });
    const report = discrepancyReport(cells, query);
    await this.audit.record({ caller: ctx.caller, requestId: ctx.requestId, action: 'report.read', outcome: 'ok', resourceType: 'Report', detail: { ...query } });
    res.vary('Accept');
    if (req.accepts(['application/json', 'text/csv']) === 'text/csv') {
      res.type('text/csv; charset=utf-8');
      res.setHeader('content-disposition', 'attachment; filename="discrepancies.csv"');
      return reportCsv(report);
    }
    return report;
  }
}
