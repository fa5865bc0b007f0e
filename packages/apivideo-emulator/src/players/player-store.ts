import { atomDate } from '../clock.ts'
import { base62 } from '../ids.ts'
import type { AssetBases } from '../videos/assets.ts'

export const COLOR_FIELDS = [
  'text',
  'link',
  'linkHover',
  'linkActive',
  'trackPlayed',
  'trackUnplayed',
  'trackBackground',
  'backgroundTop',
  'backgroundBottom',
  'backgroundText',
] as const

export const FLAG_FIELDS = [
  'enableApi',
  'enableControls',
  'forceAutoplay',
  'hideTitle',
  'forceLoop',
] as const

type ColorField = (typeof COLOR_FIELDS)[number]
type FlagField = (typeof FLAG_FIELDS)[number]

/** What a caller may set (schemas `player-theme-creation-payload` and `-update-payload`). */
export type PlayerFields = { name: string | undefined } & Record<ColorField, string> &
  Record<FlagField, boolean>

/** The documented PlayerTheme object (OpenAPI schema `player-theme`). */
export type PlayerTheme = Omit<PlayerFields, 'name'> & {
  name?: string
  playerId: string
  createdAt: string
  updatedAt: string
  assets?: { logo: string; link: string }
}

export interface PlayerRecord extends PlayerFields {
  playerId: string
  /** The uploaded logo's type and its click-through `link`, once a logo is set. */
  logo: { extension: 'png' | 'jpg'; link: string } | undefined
  createdAt: number
  updatedAt: number
}

/** The defaults the OAS `player-theme` descriptions give. */
export const DEFAULT_PLAYER: PlayerFields = {
  name: undefined,
  text: 'rgba(255, 255, 255, 1)',
  link: 'rgba(255, 255, 255, 1)',
  linkHover: 'rgba(255, 255, 255, 1)',
  linkActive: 'rgba(255, 255, 255, 1)',
  trackPlayed: 'rgba(88, 131, 255, .95)',
  trackUnplayed: 'rgba(255, 255, 255, .35)',
  trackBackground: 'rgba(255, 255, 255, .2)',
  backgroundTop: 'rgba(0, 0, 0, .7)',
  backgroundBottom: 'rgba(0, 0, 0, .7)',
  backgroundText: 'rgba(255, 255, 255, 1)',
  enableApi: true,
  enableControls: true,
  forceAutoplay: false,
  hideTitle: false,
  forceLoop: false,
}

export type PlayerStore = ReturnType<typeof createPlayerStore>

/** Player themes by id, in creation order; records are copied in and out. */
export function createPlayerStore(now: () => number) {
  const players = new Map<string, PlayerRecord>()
  return {
    create(fields: Partial<PlayerFields>): PlayerRecord {
      const at = now()
      const record: PlayerRecord = {
        ...DEFAULT_PLAYER,
        ...fields,
        playerId: `pl${base62(22)}`,
        logo: undefined,
        createdAt: at,
        updatedAt: at,
      }
      players.set(record.playerId, record)
      return structuredClone(record)
    },
    get(playerId: string): PlayerRecord | undefined {
      const record = players.get(playerId)
      return record && structuredClone(record)
    },
    update(
      playerId: string,
      fields: Partial<PlayerFields> & { logo?: PlayerRecord['logo'] }
    ): PlayerRecord | undefined {
      const record = players.get(playerId)
      if (!record) return undefined
      Object.assign(record, fields, { updatedAt: now() })
      return structuredClone(record)
    },
    delete: (playerId: string): boolean => players.delete(playerId),
    list: (): PlayerRecord[] => [...players.values()].map((record) => structuredClone(record)),
    reset: (): void => players.clear(),
  }
}

/** The PlayerTheme object; the logo sits on the CDN, as in the OAS example. */
export function renderPlayer(record: PlayerRecord, bases: AssetBases): PlayerTheme {
  const { playerId, logo, createdAt, updatedAt, name, ...fields } = record
  const theme: PlayerTheme = {
    ...fields,
    playerId,
    createdAt: atomDate(createdAt),
    updatedAt: atomDate(updatedAt),
  }
  if (name !== undefined) theme.name = name
  if (logo) {
    theme.assets = {
      logo: `${bases.cdn}/player/${playerId}/logo.${logo.extension}`,
      link: logo.link,
    }
  }
  return theme
}
