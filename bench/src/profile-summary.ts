// A V8 CPU profile taken over the Chrome DevTools Protocol (a Worker's inspector under
// `wrangler dev`), and its summary: self and total time by function and script, per answer.

/** `Profiler.Profile` of the Chrome DevTools Protocol, the fields used here. */
export interface CpuProfile {
  nodes: Array<{
    id: number
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
    children?: number[]
  }>
  startTime: number
  endTime: number
  samples?: number[]
  timeDeltas?: number[]
}

/** The first debuggable target of the inspector on `port` (wrangler lists the user Worker). */
async function inspectorTarget(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/json`)
  const targets = (await res.json()) as Array<{ webSocketDebuggerUrl?: string }>
  const url = targets.find((t) => t.webSocketDebuggerUrl)?.webSocketDebuggerUrl
  if (url === undefined) throw new Error(`the inspector on ${port} lists no target`)
  return url
}

/** One CDP session: `send` resolves with the result of the command. */
async function session(url: string) {
  // wrangler's inspector proxy admits only local DevTools origins (a client with no Origin but a
  // User-Agent, as Node's WebSocket is, is refused); the headers option is undici's.
  const init = { headers: { origin: 'http://localhost' } }
  const socket = new WebSocket(url, init as unknown as string[])
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true })
    socket.addEventListener('error', reject, { once: true })
  })
  let next = 1
  const pending = new Map<number, (message: { result?: unknown; error?: unknown }) => void>()
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown }
    if (message.id !== undefined) pending.get(message.id)?.(message)
  })
  const send = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const id = next++
      const timer = setTimeout(() => reject(new Error(`${method}: no answer`)), 60_000)
      pending.set(id, (message) => {
        clearTimeout(timer)
        pending.delete(id)
        if (message.error) reject(new Error(`${method}: ${JSON.stringify(message.error)}`))
        else resolve(message.result)
      })
      socket.send(JSON.stringify({ id, method, params }))
    })
  return { send, close: () => socket.close() }
}

/** Samples the Worker every 100 µs while `load` runs. */
export async function profileWhile(
  inspectorPort: number,
  load: () => Promise<void>
): Promise<CpuProfile> {
  const cdp = await session(await inspectorTarget(inspectorPort))
  try {
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 })
    await cdp.send('Profiler.start')
    await load()
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile }
    await cdp.send('Profiler.disable')
    return profile
  } finally {
    cdp.close()
  }
}

interface Row {
  self: number
  total: number
}

/** `url` shortened to its last two path segments; V8's own entries keep their names. */
function where(url: string): string {
  if (url === '') return ''
  return url.split(/[/\\]/).slice(-2).join('/')
}

/**
 * The profile's samples by function and script, scaled to `cpuUs` (the Worker's CPU µs per answer
 * in the profiled run, from /proc): self (the function's own code and the built-ins V8 charges to
 * it) and total (with everything it called, counted once when it recurses). Samples, not their
 * time spans, are counted: on a busy machine a span also holds the time the thread waited for a
 * core, and V8 takes one sample when it runs again. Idle samples are left out.
 */
export function summarise(profile: CpuProfile, cpuUs: number, top: number, title: string) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const hits = new Map<number, number>()
  for (const id of profile.samples ?? []) hits.set(id, (hits.get(id) ?? 0) + 1)
  const keyOf = (id: number) => {
    const frame = byId.get(id)?.callFrame
    if (frame === undefined) return '?'
    const name = frame.functionName || '(anonymous)'
    return frame.url === '' ? name : `${name} ${where(frame.url)}:${frame.lineNumber + 1}`
  }
  const rows = new Map<string, Row>()
  const row = (key: string) => {
    let found = rows.get(key)
    if (found === undefined) {
      found = { self: 0, total: 0 }
      rows.set(key, found)
    }
    return found
  }
  let busy = 0
  const walk = (id: number, onStack: Set<string>): number => {
    const node = byId.get(id)
    if (node === undefined) return 0
    const key = keyOf(id)
    const own = key === '(idle)' ? 0 : (hits.get(id) ?? 0)
    busy += own
    row(key).self += own
    const inner = new Set(onStack).add(key)
    let total = own
    for (const child of node.children ?? []) total += walk(child, inner)
    if (!onStack.has(key)) row(key).total += total
    return total
  }
  const rootNode = profile.nodes[0]
  if (rootNode !== undefined) walk(rootNode.id, new Set())
  const scale = cpuUs / Math.max(1, busy)
  const per = (samples: number) => (samples * scale).toFixed(1).padStart(7)
  const list = (pick: keyof Row) =>
    [...rows.entries()]
      .filter(([key]) => key !== '(root)' && key !== '(idle)')
      .sort((a, b) => b[1][pick] - a[1][pick])
      .slice(0, top)
      .map(([key, r]) => `  ${per(r[pick])}  ${key}`)
      .join('\n')
  return [
    `## ${title}: ${Math.round(cpuUs)} µs CPU per answer (/proc), ${busy} busy samples`,
    'Self, µs per answer:',
    list('self'),
    'Total, µs per answer:',
    list('total'),
    '',
  ].join('\n')
}
