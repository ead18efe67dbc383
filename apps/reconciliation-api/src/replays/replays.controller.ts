import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, RequestValidationException } from '@continuity/service-kit';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import { Ctx, type RequestContext } from '../auth/caller';
import { Roles } from '../auth/roles.decorator';
import { DOMAINS } from '../config/api-options';
import { API_DATA_SOURCE } from '../config/tokens';
import { CreateReplayRequest } from './create-replay.request.dto';
import { ReplayJobs, type ReplayJob } from './replay-jobs.repository';
import { ReplayWorker } from './replay-worker.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/replays')
export class ReplaysController {
  private readonly jobs = new ReplayJobs();

  constructor(
    @Inject(API_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly worker: ReplayWorker,
    private readonly audit: AuditLog,
  ) {}

  @Post()
  @HttpCode(202)
  @Roles('auditor')
  @ApiOperation({
    summary: 'Replay the stored history of a window',
    description:
      'Runs in the background: poll GET /api/v1/replays/{id}. The pure engine re-runs each partition of each domain over its stored log ' +
      '(events, clock ticks, downtimes) as recorded by `to`, and its decisions in [from, to] are compared with the recorded ones.',
  })
  @ApiAcceptedResponse({ description: '`{id, status}`; `Location` names the job.' })
  async create(@Body() body: CreateReplayRequest, @Res({ passthrough: true }) res: Response, @Ctx() ctx: RequestContext): Promise<{ id: string; status: string }> {
    const from = new Date(body.from);
    const to = new Date(body.to);
    if (from > to) throw new RequestValidationException([{ field: 'to', detail: 'must not be before from' }]);
    const id = randomUUID();
    const domains = body.domains ?? [...DOMAINS];
    await this.dataSource.transaction(async (em) => {
      await this.jobs.create(em, { id, requestedBy: ctx.caller.name, from, to, domains });
      await this.audit.record(
        { caller: ctx.caller, requestId: ctx.requestId, action: 'replay.create', outcome: 'ok', resourceType: 'Replay', resourceIds: [id], detail: { from: body.from, to: body.to, domains } },
        em,
      );
    });
    this.worker.notify();
    res.location(`/api/v1/replays/${id}`);
    return { id, status: 'queued' };
  }

  @Get(':id')
  @Roles('auditor')
  @ApiOperation({ summary: 'A replay: status, progress, the decisions it yields and their differences from the recorded ones' })
  @ApiOkResponse({
    description:
      '`{id, status, from, to, domains, progress: {partitionsDone, partitionsTotal, events}, ruleSetVersions, tasks, recorded, differences}`; ' +
      '`differences` is empty when the replay equals the record.',
  })
  async read(@Param('id', new ParseUUIDPipe({ version: '4' })) id: string, @Ctx() ctx: RequestContext) {
    const job = await this.jobs.find(this.dataSource.manager, id);
    if (job === null) throw new DomainError({ code: 'REPLAY.NOT_FOUND', kind: 'not-found', detail: 'id: no such replay' });
    const view = replayView(job, this.worker.ruleSetVersions());
    await this.audit.record({
      caller: ctx.caller,
      requestId: ctx.requestId,
      action: 'replay.read',
      outcome: 'ok',
      resourceType: 'Replay',
      resourceIds: [id],
      patientKeys: view.tasks.map((t) => t.task.for.identifier.value),
    });
    return view;
  }
}

function replayView(job: ReplayJob, current: Record<string, string>) {
  const result = job.result;
  return {
    id: job.id,
    status: job.status,
    from: job.from,
    to: job.to,
    domains: job.domains,
    requestedBy: job.requestedBy,
    requestedAt: job.requestedAt,
    finishedAt: job.finishedAt,
    progress: job.progress,
    ruleSetVersions: result?.ruleSetVersions ?? Object.fromEntries(job.domains.map((d) => [d, current[d]])),
    recorded: result?.recorded ?? null,
    tasks: result?.tasks ?? [],
    differences: result?.differences ?? [],
    ...(job.error ? { error: job.error } : {}),
  };
}
