import { createHash } from 'node:crypto';
import { type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { AppConfig, DomainError, HealthController, Metrics, MetricsController, type ApiRole } from '@continuity/service-kit';
import type { Counter } from 'prom-client';
import { AuditLog } from '../audit/audit-log';
import { bearerTokenOf } from './bearer-token';
import type { ApiRequest } from './caller';
import { PUBLIC_METADATA, ROLES_METADATA } from './roles.decorator';

/** The kit's controllers answer without a key (probes and scrapers have none). */
const PUBLIC_CONTROLLERS: ReadonlySet<unknown> = new Set([HealthController, MetricsController]);

/**
 * Every route goes through this guard, in this order:
 * 1. public routes (health, metrics) pass;
 * 2. the bearer token is looked up among `API_KEYS` (hashed, constant-time);
 * 3. the rate limit is counted per key, or per address for requests without a valid key (so
 *    guessing keys is throttled too);
 * 4. no valid key: 401; a key whose role the route does not allow: 403 (audited); a route that
 *    declares no roles: 403 as well — access is denied unless granted.
 */
@Injectable()
export class AccessGuard extends ThrottlerGuard {
  private readonly log = new Logger(AccessGuard.name);
  private readonly refusals: Counter<'status'>;

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly config: AppConfig,
    private readonly audit: AuditLog,
    metrics: Metrics,
  ) {
    super(options, storage, reflector);
    this.refusals = metrics.counter({ name: 'continuity_api_access_refused_total', help: 'Requests refused by the access guard', labelNames: ['status'] });
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.isPublic(context)) return true;
    const req = context.switchToHttp().getRequest<ApiRequest>();
    const token = bearerTokenOf(req.headers.authorization);
    const key = token === null ? undefined : this.config.findApiKey(token);
    if (key) req.caller = { name: key.name, role: key.role };
    await super.canActivate(context);
    if (!req.caller) {
      this.refusals.inc({ status: '401' });
      throw new DomainError({
        code: 'AUTH.UNAUTHENTICATED',
        kind: 'unauthenticated',
        detail: token === null ? 'authorization: send an API key as "Authorization: Bearer <key>"' : 'authorization: unknown API key',
      });
    }
    const allowed = this.reflector.getAllAndOverride<ApiRole[] | undefined>(ROLES_METADATA, [context.getHandler(), context.getClass()]);
    if (allowed === undefined) this.log.error(`route ${context.getClass().name}.${context.getHandler().name} declares no roles: denied`);
    if (allowed === undefined || !allowed.includes(req.caller.role)) {
      this.refusals.inc({ status: '403' });
      await this.audit.record({
        caller: req.caller,
        requestId: typeof req.id === 'string' ? req.id : undefined,
        action: 'access.denied',
        outcome: 'denied',
        resourceType: 'route',
        detail: { method: req.method, route: routeOf(req) },
      });
      throw new DomainError({
        code: 'AUTH.FORBIDDEN',
        kind: 'forbidden',
        detail: `authorization: the ${req.caller.role} role may not ${req.method} ${routeOf(req)}`,
      });
    }
    return true;
  }

  /** Per key (or address) across all routes, not per route: the limit is the caller's budget. */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttler: string): string {
    return createHash('sha256').update(`${throttler}\n${tracker}`).digest('hex');
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const { caller, ip } = req as unknown as ApiRequest;
    return caller ? `key:${caller.name}` : `ip:${String(ip)}`;
  }

  private isPublic(context: ExecutionContext): boolean {
    if (PUBLIC_CONTROLLERS.has(context.getClass())) return true;
    return this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_METADATA, [context.getHandler(), context.getClass()]) === true;
  }
}

/** The route pattern (`/fhir/Task/:id`), never the raw path, which may hold ids. */
function routeOf(req: ApiRequest): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  return typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : 'unknown route';
}
