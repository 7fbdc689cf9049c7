/**
 * GET /export/interactions.jsonl (analyst): the interaction and social graph as JSON lines with
 * pseudonymised user ids (HMAC-SHA256 under EXPORT_SECRET, so the same person keeps one pseudonym across
 * exports made with the same secret, and nobody without it can link a pseudonym back to an id).
 * Media ids are kept: they are catalogue data, not personal data. Streamed, so memory stays flat.
 */
import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Audit } from './audit';
import type { Principal } from './auth';
import { INTERACTION_TYPES } from '../domain/entities';
import type { GraphExport } from '../domain/ports';

export function pseudonymise(secret: string, userId: string): string {
  return `p_${createHmac('sha256', secret).update(userId).digest('base64url').slice(0, 22)}`;
}

export function exportRoute(source: GraphExport, secret: string, audit?: Audit) {
  return async (req: IncomingMessage, res: ServerResponse, principal?: Principal): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'application/json; charset=utf-8' });
      res.end(
        JSON.stringify({
          errors: [
            { message: `${req.method} is not allowed here; use GET`, extensions: { code: 'METHOD_NOT_ALLOWED' } },
          ],
        }),
      );
      return;
    }
    res.writeHead(200, {
      'content-type': 'application/x-ndjson; charset=utf-8',
      'content-disposition': 'attachment; filename="interactions.jsonl"',
    });
    if (req.method === 'HEAD') return void res.end();
    audit?.({ action: 'export', keyId: principal?.keyId ?? 'unknown', target: 'interactions.jsonl', outcome: 'ok' });
    const p = (id: unknown): string => pseudonymise(secret, String(id));
    const write = (obj: unknown): void => {
      res.write(`${JSON.stringify(obj)}\n`);
    };
    await source.engagements((r) => {
      write({
        entity: 'engagement',
        user: p(r.userId),
        mediaId: r.mediaId,
        kind: r.kind,
        weight: r.weight,
        count: r.count,
        countsByType: Object.fromEntries(
          INTERACTION_TYPES.map((t, i) => [t, r.counts[i] ?? 0]).filter(([, n]) => n !== 0),
        ),
        lastAt: r.lastAt,
      });
    });
    await source.follows((r) =>
      write({ entity: 'follow', follower: p(r.followerId), followee: p(r.followeeId), since: r.since }),
    );
    res.end();
  };
}
