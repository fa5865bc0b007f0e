import { type Service, stopService } from './process.ts'

export interface ServiceExit {
  name: string
  code: number | null
  signal: NodeJS.Signals | null
  logFile: string
  /** The end of what the service printed. */
  recentOutput: string
}

export interface ServiceGroup {
  /** Adds a started service to the group and watches it; returns it. */
  add(service: Service): Service
  /** Settles with the first service that ends on its own (a crash, a kill), not through `stop`. */
  readonly exited: Promise<ServiceExit>
  /** Stops every service, the last started first. */
  stop(): Promise<void>
}

/** The services of one stack: stopped together, and any one ending alone breaks the stack. */
export function createServiceGroup(): ServiceGroup {
  const services: Service[] = []
  let stopping = false
  let report: (exit: ServiceExit) => void = () => {}
  const exited = new Promise<ServiceExit>((resolve) => {
    report = resolve
  })
  return {
    exited,
    add(service) {
      services.push(service)
      service.child.once('exit', (code, signal) => {
        if (stopping) return
        const { name, logFile } = service
        report({ name, code, signal, logFile, recentOutput: service.recentOutput() })
      })
      return service
    },
    async stop() {
      stopping = true
      await Promise.all([...services].reverse().map((service) => stopService(service)))
    },
  }
}
