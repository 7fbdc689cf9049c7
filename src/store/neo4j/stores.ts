/** The Neo4j adapters over one driver, built together (composition roots and CLIs call this). */
import type { Driver } from 'neo4j-driver';
import type { StorePorts, UnitOfWork } from '../../domain/ports';
import { AdminRepository } from './admin-repository';
import { ChangeRepository } from './change-repository';
import { loadCypher } from './cypher-registry';
import { ContentRepository } from './content-repository';
import { Executor, type ExecutorOptions } from './executor';
import { ExportRepository } from './export-repository';
import { GraphRepository } from './graph-repository';
import { ImpressionRepository } from './impression-repository';
import { InteractionRepository } from './interaction-repository';
import { MediaRepository } from './media-repository';
import { ModerationRepository } from './moderation-repository';
import { UserRepository } from './user-repository';

/** The ports (domain/ports) as their Neo4j implementations, and the executor for adapter-level code (schema, tests). */
export interface Stores extends StorePorts {
  db: Executor;
  users: UserRepository;
  media: MediaRepository;
  interactions: InteractionRepository;
  admin: AdminRepository;
  graph: GraphRepository;
  content: ContentRepository;
  moderation: ModerationRepository;
  impressions: ImpressionRepository;
  exports: ExportRepository;
  changes: ChangeRepository;
}

/** Several repository writes in one Neo4j write transaction. */
export function unitOfWork(db: Executor): UnitOfWork {
  return { transaction: (work) => db.writeTx(work) };
}

export function createStores(driver: Driver, database?: string, options: ExecutorOptions = {}): Stores {
  const db = new Executor(driver, loadCypher(), database, options);
  return {
    db,
    uow: unitOfWork(db),
    users: new UserRepository(db),
    media: new MediaRepository(db),
    interactions: new InteractionRepository(db),
    admin: new AdminRepository(db),
    graph: new GraphRepository(db),
    content: new ContentRepository(db),
    moderation: new ModerationRepository(db),
    impressions: new ImpressionRepository(db),
    exports: new ExportRepository(db),
    changes: new ChangeRepository(db),
  };
}
