export { DEFAULT_PORTS, type Ports, portsFromEnv } from './ports.ts'
export {
  freePort,
  type Service,
  type StartOptions,
  startService,
  stopService,
  waitForHttp,
} from './process.ts'
export { type Stack, type StackOptions, startStack } from './stack.ts'
