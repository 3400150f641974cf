import { NO_PROGRAM, type LoyaltyProgram } from '../domain/loyalty';
import { newVersion, PublishedVersion } from './published-version';

const VERSION_KEY = 'loyalty:version';
const PROGRAM_KEY = 'loyalty:program';

interface PublishedProgram {
  version: string;
  program: LoyaltyProgram;
}

// The program as this isolate last read it, under its published version.
let memo: PublishedProgram | null = null;

/**
 * The loyalty program, read by every checkout, till sale and wallet page to
 * value points and name tiers. It changes rarely, so it is published like
 * prices (data first, then the version) and held in the isolate: reading it
 * costs no Postgres round trip. Until ops publish one, nothing is earned and
 * points are worth nothing.
 */
export class LoyaltyReadModel {
  private readonly version: PublishedVersion;

  constructor(private readonly kv: KVNamespace) {
    this.version = new PublishedVersion(kv, VERSION_KEY);
  }

  async program(): Promise<LoyaltyProgram> {
    const version = await this.version.read();
    if (version === null) return NO_PROGRAM;
    if (memo?.version === version) return memo.program;
    const published = await this.kv.get<PublishedProgram>(PROGRAM_KEY, 'json');
    if (published === null) return NO_PROGRAM;
    memo = published;
    return published.program;
  }

  async publish(program: LoyaltyProgram): Promise<void> {
    const version = newVersion();
    await this.kv.put(PROGRAM_KEY, JSON.stringify({ version, program } satisfies PublishedProgram));
    await this.version.publish(version);
  }
}
