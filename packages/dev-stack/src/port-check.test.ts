import { afterEach, describe, expect, it } from 'vitest'
import { DevStackError } from './errors.ts'
import { assertPortsFree, canListen } from './port-check.ts'
import { occupyPort } from './test-support/servers.ts'

const noPorts = { emulator: 0, emulatorHttps: 0, broker: 0, demo: 0, identity: 0 }
const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()))
})

async function taken(): Promise<number> {
  const { port, close } = await occupyPort()
  closers.push(close)
  return port
}

async function rejection(promise: Promise<unknown>): Promise<DevStackError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  if (!(error instanceof DevStackError)) throw new Error(`expected a DevStackError, got ${error}`)
  return error
}

describe('the port check', () => {
  it('passes when every port is free, and does not check 0 (a free port, picked later)', async () => {
    const port = await taken()
    await closers.pop()?.()

    await expect(assertPortsFree({ ...noPorts, broker: port })).resolves.toBeUndefined()
  })

  it('fails with port_in_use naming the variable that moves the taken port', async () => {
    const port = await taken()
    const error = await rejection(assertPortsFree({ ...noPorts, emulator: port }))

    expect(error.code).toBe('port_in_use')
    expect(error.message).toContain(`127.0.0.1:${port} (emulator)`)
    expect(error.message).toContain('KEYWARD_EMULATOR_PORT')
  })

  it('names every taken port at once', async () => {
    const [broker, demo] = [await taken(), await taken()]
    const error = await rejection(assertPortsFree({ ...noPorts, broker, demo }))

    expect(error.message).toContain('KEYWARD_BROKER_PORT')
    expect(error.message).toContain('KEYWARD_DEMO_PORT')
    expect(error.message).not.toContain('KEYWARD_EMULATOR_PORT')
  })

  it('tells a port someone listens on from a free one', async () => {
    const port = await taken()

    expect(await canListen(port)).toBe(false)
    await closers.pop()?.()
    expect(await canListen(port)).toBe(true)
  })
})
