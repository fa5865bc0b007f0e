import { type EmulatorClock, readClock } from './emulator.ts'

/**
 * The wall clock the demo's DPoP proofs carry (`iat`). A broker checks `iat` against its own
 * clock (RFC 9449 §4.3), and in local mode the broker follows the emulator's clock, which the
 * token panel moves an hour ahead: so there the proofs follow the emulator's clock too, as a
 * browser's would if that hour had really passed. Elsewhere it is the browser's own clock.
 */
export interface LocalClock {
  /** Epoch milliseconds. */
  now(): number
  /** Settles once the emulator's clock was read (at once without an emulator). */
  ready: Promise<void>
  /** Follows the clock the emulator answered after it moved. */
  follow(clock: EmulatorClock): void
}

export function createLocalClock(emulatorUrl: string | null): LocalClock {
  let offset = 0
  const follow = ({ epochMs }: EmulatorClock) => {
    offset = epochMs - Date.now()
  }
  const ready = emulatorUrl
    ? readClock(emulatorUrl).then(follow, () => {
        // No answer: the emulator is down, and every request will say so; keep the wall clock.
      })
    : Promise.resolve()
  return { now: () => Date.now() + offset, ready, follow }
}
