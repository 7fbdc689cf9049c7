/**
 * The audit trail of privileged actions (erasures, job runs, exports, media takedowns): one JSON log line each, at info
 * level with `audit: true`, naming the key (its non-secret id), the request and the target, so an
 * operator can answer "who erased this user, and when" from the logs alone.
 */
import type { Logger } from '../logging/logger';

export interface AuditEvent {
  action: 'deleteUser' | 'runJob' | 'export' | 'takedownMedia' | 'restoreMedia';
  keyId: string;
  requestId?: string;
  target?: string;
  outcome: 'ok' | 'refused' | 'failed';
  detail?: string;
}

export type Audit = (event: AuditEvent) => void;

export function createAudit(logger: Logger): Audit {
  return (event) => logger.info('audit', { audit: true, ...event });
}

/** Runs `work` and records its outcome; the result or error passes through unchanged. */
export async function audited<T>(
  audit: Audit | undefined,
  event: Omit<AuditEvent, 'outcome'>,
  work: () => Promise<T> | T,
): Promise<T> {
  try {
    const result = await work();
    audit?.({ ...event, outcome: 'ok' });
    return result;
  } catch (error) {
    audit?.({ ...event, outcome: 'failed', detail: (error as Error)?.message?.slice(0, 200) });
    throw error;
  }
}
