/** The emulator's clock, as its control plane reports it. */
export interface EmulatorClock {
  now: string
  epochMs: number
}

/**
 * Moves the local emulator's clock forward (local mode only). Its tokens expire by that clock;
 * in local development the broker follows the same clock, so its own tokens expire too.
 */
export async function advanceClock(emulatorUrl: string, seconds: number): Promise<EmulatorClock> {
  const response = await fetch(`${emulatorUrl}/_emulator/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advanceSeconds: seconds }),
  })
  if (!response.ok)
    throw new Error(`The emulator refused to move its clock (HTTP ${response.status}).`)
  return (await response.json()) as EmulatorClock
}

/** Reads the local emulator's clock (local mode only). */
export async function readClock(emulatorUrl: string): Promise<EmulatorClock> {
  const response = await fetch(`${emulatorUrl}/_emulator/clock`, { cache: 'no-store' })
  if (!response.ok) throw new Error(`The emulator did not tell its time (HTTP ${response.status}).`)
  return (await response.json()) as EmulatorClock
}
