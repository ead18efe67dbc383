import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { ApiRole } from '@continuity/service-kit';
import type { Request } from 'express';

/** Who is calling: the name and role of the API key presented (CONTRACT.md §5). Never the secret. */
export interface Caller {
  name: string;
  role: ApiRole;
}

/** What the audit log and the services need to know about the request in hand. */
export interface RequestContext {
  caller: Caller;
  /** The request id of the logs (`x-request-id`). */
  requestId: string | undefined;
}

/** The request as our guard leaves it. */
export type ApiRequest = Request & { id?: unknown; caller?: Caller };

/** The caller and request id of a guarded route (the guard has authenticated it). */
export const Ctx = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext => {
  const req = context.switchToHttp().getRequest<ApiRequest>();
  if (!req.caller) throw new Error('Ctx used on a route the access guard did not authenticate');
  return { caller: req.caller, requestId: typeof req.id === 'string' ? req.id : undefined };
});
