import { SetMetadata } from '@nestjs/common';
import type { ApiRole } from '@continuity/service-kit';

export const ROLES_METADATA = 'continuity:roles';
export const PUBLIC_METADATA = 'continuity:public';

/** The roles allowed to call a route (CONTRACT.md §6); every other role gets 403. */
export const Roles = (...roles: ApiRole[]) => SetMetadata(ROLES_METADATA, roles);

/** A route anyone may call without a key (health, metrics). */
export const Public = () => SetMetadata(PUBLIC_METADATA, true);
