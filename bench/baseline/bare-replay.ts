import { DurableObject } from 'cloudflare:workers'

/**
 * The least a Worker keeps for DPoP replay protection across isolates and restarts (RFC 9449
 * §11.1): one SQLite-backed object per DPoP key, where each proof's `<jkt>.<jti>` is inserted
 * once. No in-memory copy, no expiry, no sweep: the broker's `DpopReplay` does all three.
 */
export class BareReplay extends DurableObject<unknown> {
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env)
    ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS seen (id TEXT PRIMARY KEY)')
  }

  /** Records `id` and answers `true`, or `false` when it was already recorded (a replay). */
  claim(id: string): boolean {
    // A conflict on the primary key writes nothing: that is the replay.
    const cursor = this.ctx.storage.sql.exec('INSERT OR IGNORE INTO seen (id) VALUES (?)', id)
    return cursor.rowsWritten > 0
  }
}
