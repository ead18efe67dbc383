import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DomainError, RequestValidationException } from '@continuity/service-kit';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import { Ctx, type RequestContext } from '../auth/caller';
import { Roles } from '../auth/roles.decorator';
import { API_DATA_SOURCE } from '../config/tokens';
import { FHIR_JSON, searchBundle, type SearchBundle } from './task-bundle';
import { TaskReadModel } from './task-read-model';
import { FHIR_ID, patientKeyOf, type ServedTask } from './task-resource';
import { parseTaskSearch, TASK_SEARCH_PARAMS } from './task-search.params';

/** FHIR R4 read and search of reconciliation tasks (CONTRACT.md §6). */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('fhir/Task')
export class FhirTaskController {
  private readonly readModel = new TaskReadModel();

  constructor(
    @Inject(API_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  @Get()
  @Roles('officer', 'auditor')
  @ApiOperation({
    summary: 'Search tasks (FHIR searchset Bundle)',
    description:
      'Token parameters take comma-separated alternatives; a repeated parameter narrows further. Newest authored first. ' +
      '`authored-on` takes FHIR date prefixes (eq, ge, gt, le, lt). Unknown parameters are a 400.',
  })
  @ApiQuery({ name: 'status', required: false, example: 'requested,accepted' })
  @ApiQuery({ name: 'code', required: false, example: 'rx-duplicate-order' })
  @ApiQuery({ name: 'patient', required: false, example: 'Patient/2750312345678' })
  @ApiQuery({ name: 'facility', required: false, example: 'AVC' })
  @ApiQuery({ name: 'priority', required: false, example: 'stat,asap' })
  @ApiQuery({ name: 'authored-on', required: false, isArray: true, example: 'ge2024-08-03' })
  @ApiQuery({ name: '_count', required: false, example: 20 })
  @ApiQuery({ name: '_offset', required: false, example: 0 })
  @ApiOkResponse({ description: `Bundle (searchset) with total and paging links. Parameters: ${TASK_SEARCH_PARAMS.join(', ')}.` })
  async search(
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Ctx() ctx: RequestContext,
  ): Promise<SearchBundle> {
    const parsed = parseTaskSearch(query);
    if (!parsed.ok) throw new RequestValidationException(parsed.errors);
    const page = await this.readModel.search(this.dataSource.manager, parsed.search);
    await this.audit.record({
      caller: ctx.caller,
      requestId: ctx.requestId,
      action: 'task.search',
      outcome: 'ok',
      resourceType: 'Task',
      resourceIds: page.tasks.map((t) => t.id),
      patientKeys: page.tasks.map(patientKeyOf),
      detail: { query: parsed.search, total: page.total },
    });
    res.type(FHIR_JSON);
    return searchBundle(`${req.protocol}://${req.get('host')}/`, parsed.search, page);
  }

  @Get(':id')
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: 'Read one task (FHIR Task)' })
  @ApiOkResponse({ description: 'The Task; 404 problem if there is none.' })
  async read(@Param('id') id: string, @Res({ passthrough: true }) res: Response, @Ctx() ctx: RequestContext): Promise<ServedTask> {
    const task = FHIR_ID.test(id) ? await this.readModel.find(this.dataSource.manager, id) : null;
    if (task === null) throw new DomainError({ code: 'TASK.NOT_FOUND', kind: 'not-found', detail: 'id: no such task' });
    await this.audit.record({
      caller: ctx.caller,
      requestId: ctx.requestId,
      action: 'task.read',
      outcome: 'ok',
      resourceType: 'Task',
      resourceIds: [task.id],
      patientKeys: [patientKeyOf(task)],
    });
    res.type(FHIR_JSON);
    return task;
  }
}
