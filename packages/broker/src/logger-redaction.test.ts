import { describe, expect, it, vi } from 'vitest'
import { createSecretRegistry, type LogFields, levelLogger, redactingLogger } from './logger.ts'

describe('the redacting logger over a level logger', () => {
  const lines: Array<[string, string, LogFields]> = []
  const sink = {
    info: (event: string, fields: LogFields) => lines.push(['info', event, fields]),
    warn: (event: string, fields: LogFields) => lines.push(['warn', event, fields]),
    error: (event: string, fields: LogFields) => lines.push(['error', event, fields]),
  }

  it('scrubs every line it writes, and spends nothing on a line the level drops', () => {
    const secrets = createSecretRegistry(['the-api-key-123'])
    const redact = vi.spyOn(secrets, 'redact')
    const logger = redactingLogger(levelLogger(sink, 'warn'), secrets)
    logger.info('token.issued', { note: 'the-api-key-123' })
    expect(redact).not.toHaveBeenCalled()
    logger.warn('upstream.failed', { note: 'sent the-api-key-123' })
    logger.error('broker.error', { note: 'the-api-key-123', status: 500 })
    expect(lines).toEqual([
      ['warn', 'upstream.failed', { note: 'sent [redacted]' }],
      ['error', 'broker.error', { note: '[redacted]', status: 500 }],
    ])
  })
})
