import { readdirSync, readFileSync, readlinkSync } from 'node:fs'

/** One line of `/proc/<pid>/stat`, the fields the bench needs; CPU times in clock ticks. */
export interface ProcessInfo {
  pid: number
  ppid: number
  pgid: number
  comm: string
  /** utime + stime + cutime + cstime. */
  cpuTicks: number
}

/** Linux reports CPU times in USER_HZ, which is 100 on every mainstream kernel build. */
export const TICKS_PER_SECOND = 100

function readProcess(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // comm may hold spaces and parentheses: the fields after it start past the last ')'.
    const close = stat.lastIndexOf(')')
    const comm = stat.slice(stat.indexOf('(') + 1, close)
    const fields = stat
      .slice(close + 2)
      .split(' ')
      .map(Number)
    const at = (index: number) => fields[index] ?? 0
    // proc(5): fields 4 ppid and 5 pgrp, 14-17 utime, stime, cutime, cstime (1-based, pid = 1).
    return { pid, ppid: at(1), pgid: at(2), comm, cpuTicks: at(11) + at(12) + at(13) + at(14) }
  } catch {
    return undefined // exited while being read
  }
}

/** Every process visible in /proc. */
export function processes(): ProcessInfo[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcess(Number(name)))
    .filter((info): info is ProcessInfo => info !== undefined)
}

/** `root` and every process below it (the servers this bench started, and theirs). */
export function processTree(root = process.pid): ProcessInfo[] {
  const all = processes()
  const children = new Map<number, ProcessInfo[]>()
  for (const info of all) children.set(info.ppid, [...(children.get(info.ppid) ?? []), info])
  const tree: ProcessInfo[] = []
  const queue = all.filter((info) => info.pid === root)
  while (queue.length > 0) {
    const info = queue.shift() as ProcessInfo
    tree.push(info)
    queue.push(...(children.get(info.pid) ?? []))
  }
  return tree
}

/** CPU ticks `pid` has used so far, or `undefined` once it is gone. */
export function cpuTicksOf(pid: number): number | undefined {
  return readProcess(pid)?.cpuTicks
}

/** The process of this bench's tree that listens on `port`, if there is one. */
export function listenerOf(port: number): number | undefined {
  for (const info of processTree()) {
    let ports: Array<{ port: number }> = []
    try {
      ports = listeningPorts(info.pid)
    } catch {
      continue // exited, or its fds are not readable
    }
    if (ports.some((p) => p.port === port)) return info.pid
  }
  return undefined
}

/** The TCP ports a process listens on, by file descriptor number (lowest first). */
export function listeningPorts(pid: number): Array<{ fd: number; port: number }> {
  const listening = new Map<string, number>()
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = ''
    try {
      text = readFileSync(table, 'utf8')
    } catch {
      continue
    }
    for (const line of text.trim().split('\n').slice(1)) {
      const [, local = '', , state, , , , , , inode = ''] = line.trim().split(/\s+/)
      // State 0A is LISTEN (include/net/tcp_states.h); the port is the hex after the colon.
      if (state === '0A') listening.set(inode, Number.parseInt(local.split(':')[1] ?? '', 16))
    }
  }
  const ports: Array<{ fd: number; port: number }> = []
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    let target = ''
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`)
    } catch {
      continue
    }
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1]
    const port = inode === undefined ? undefined : listening.get(inode)
    if (port !== undefined) ports.push({ fd: Number(fd), port })
  }
  return ports.sort((a, b) => a.fd - b.fd)
}
