import { createHash } from 'node:crypto';

/**
 * A stable PostgreSQL advisory lock key (signed int64, as a decimal string) for a label.
 * Labels are namespaced ("continuity:event-store:append:<schema>") so our locks never collide
 * with another component's by accident.
 */
export function advisoryKey(label: string): string {
  return createHash('sha256').update(label, 'utf8').digest().readBigInt64BE(0).toString();
}
