import type { Database } from '../db/client';
import { loadProgram, saveProgram } from '../db/wallet';
import type { LoyaltyProgram } from '../domain/loyalty';

/** The program every channel earns and redeems by; until ops set one, nothing is earned and points are worth nothing. */
export const showProgram = (db: Database): Promise<LoyaltyProgram> => loadProgram(db);

/** Replaces the program; orders placed from now on earn and redeem by it (past entries stay as they were). */
export async function replaceProgram(db: Database, program: LoyaltyProgram): Promise<LoyaltyProgram> {
  await saveProgram(db, program);
  return program;
}
