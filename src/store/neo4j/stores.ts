/** The Neo4j adapters over one driver, built together (composition roots and CLIs call this). */
import type { Driver } from 'neo4j-driver';
import { AdminRepository } from './admin-repository';
import { loadCypher } from './cypher-registry';
import { ContentRepository } from './content-repository';
import { Executor, type ExecutorOptions } from './executor';
import { GraphRepository } from './graph-repository';
import { ImpressionRepository } from './impression-repository';
import { InteractionRepository } from './interaction-repository';
import { MediaRepository } from './media-repository';
import { ModerationRepository } from './moderation-repository';
import { UserRepository } from './user-repository';

export interface Stores {
  db: Executor;
  users: UserRepository;
  media: MediaRepository;
  interactions: InteractionRepository;
  admin: AdminRepository;
  graph: GraphRepository;
  content: ContentRepository;
  moderation: ModerationRepository;
  impressions: ImpressionRepository;
}

export function createStores(driver: Driver, database?: string, options: ExecutorOptions = {}): Stores {
  const db = new Executor(driver, loadCypher(), database, options);
  return {
    db,
    users: new UserRepository(db),
    media: new MediaRepository(db),
    interactions: new InteractionRepository(db),
    admin: new AdminRepository(db),
    graph: new GraphRepository(db),
    content: new ContentRepository(db),
    moderation: new ModerationRepository(db),
    impressions: new ImpressionRepository(db),
  };
}
