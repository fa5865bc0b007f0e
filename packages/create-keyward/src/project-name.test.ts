import { describe, expect, it } from 'vitest'
import { CreateKeywardError } from './errors.ts'
import { validateProjectName } from './project-name.ts'

function rejection(name: string): CreateKeywardError | undefined {
  try {
    validateProjectName(name)
  } catch (error) {
    if (error instanceof CreateKeywardError) return error
    throw error
  }
  return undefined
}

describe('validateProjectName', () => {
  it.each(['my-broker', 'broker', 'b', 'video-2', 'a'.repeat(63)])('accepts %s', (name) => {
    expect(validateProjectName(name)).toBe(name)
  })

  it.each([
    ['', 'empty'],
    ['My-Broker', 'uppercase'],
    ['-broker', 'dash'],
    ['broker-', 'dash'],
    ['my_broker', 'characters'],
    ['@me/broker', 'characters'],
    ['my broker', 'characters'],
    ['a'.repeat(64), '64 characters'],
  ])('rejects "%s" with invalid_name, saying why (%s)', (name, why) => {
    const error = rejection(name)

    expect(error?.code).toBe('invalid_name')
    expect(error?.message).toContain(why)
  })
})
