// The api.video emulator as an auxiliary Worker: the broker Worker's outbound fetch is routed here
// (vitest.config.ts), so the tests exercise its real global fetch, all inside workerd.
import { createEmulator, type Emulator } from '@keyward/apivideo-emulator'

interface EmulatorEnv {
  API_KEY: string
}

let emulator: Emulator | undefined

export default {
  fetch(request: Request, env: EmulatorEnv): Promise<Response> {
    // Created on the first request: Workers forbid randomness at module scope.
    emulator ??= createEmulator({ apiKey: env.API_KEY, rateLimits: false })
    return emulator.fetch(request)
  },
}
