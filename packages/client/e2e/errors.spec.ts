import { expect, test } from '@playwright/test'
import { control, openTab } from './fixtures.ts'

test.beforeEach(() => control('reset'))

test('isKeywardError recognises errors from another realm, an iframe with its own copy', async ({
  context,
}) => {
  const tab = await openTab(context)
  const result = await tab.evaluate(async () => {
    const frame = document.createElement('iframe')
    frame.src = '/'
    document.body.append(frame)
    const other = frame.contentWindow as Window
    await new Promise<void>((resolve) => {
      const poll = () => (other.ready ? resolve() : setTimeout(poll, 10))
      poll()
    })
    const { createApi, createTokenSource } = other.keyward
    // An error answer (the page server has nothing at /missing) and a refused option.
    const tokens = createTokenSource({ url: '/v1/token' })
    const answer = await createApi({ tokens, prefix: '/missing', retry: 0 })
      .get('thing')
      .catch((error: unknown) => error)
    let option: unknown
    try {
      createTokenSource({ url: '/v1/token', timeout: 0 })
    } catch (error) {
      option = error
    }
    const { isKeywardError, KeywardError } = window.keyward
    return [answer, option].map((error) => ({
      instanceOf: error instanceof KeywardError,
      guard: isKeywardError(error),
      code: isKeywardError(error) ? error.code : undefined,
      status: isKeywardError(error) ? error.status : undefined,
    }))
  })
  expect(result).toEqual([
    { instanceOf: false, guard: true, code: 'request_failed', status: 404 },
    { instanceOf: false, guard: true, code: 'invalid_options', status: undefined },
  ])
})
