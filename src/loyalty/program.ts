import type { Database } from '../db/client';
import { loadProgram, saveProgram } from '../db/wallet';
import type { LoyaltyProgram } from '../domain/loyalty';
import { LoyaltyReadModel } from '../read-model/loyalty';
import { writeThenPublish } from '../read-model/publish';

/** The program as stored (ops' view, the source the edge copy is published from). */
export const showProgram = (db: Database): Promise<LoyaltyProgram> => loadProgram(db);

/** The program every channel earns and redeems by, from the edge read model (no Postgres). */
export const currentProgram = (env: Env): Promise<LoyaltyProgram> => new LoyaltyReadModel(env.READ_MODEL).program();

/**
 * Replaces the program and publishes it, as one unit (a failed publish rolls
 * the write back); orders placed from then on earn and redeem by it (past
 * entries stay as they were).
 */
export async function replaceProgram(env: Env, db: Database, program: LoyaltyProgram): Promise<LoyaltyProgram> {
  const readModel = new LoyaltyReadModel(env.READ_MODEL);
  await writeThenPublish(
    db,
    'loyalty',
    (tx) => saveProgram(tx, program),
    () => readModel.publish(program),
  );
  return program;
}
