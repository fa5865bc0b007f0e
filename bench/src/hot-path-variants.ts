import { ownershipVariant } from './variant-ownership.ts'

/**
 * A broker feature that adds per-request work, measured beside the default broker in the same
 * rounds (measurements 1 and 3): the variant gets its own broker, a second `wrangler dev` of
 * `apps/worker` and a second Node entry, both configured with the default variables plus `vars`,
 * and its proxied call (`GET /v1/api/videos`) is made as a caller of that feature makes it. Its
 * ratio to the bare forward is held to the same goals as the default broker's.
 *
 * Request contracts are always on: every broker figure includes them, so they need no variant.
 * A feature adds one file exporting its `HotPathVariant` and one line in `VARIANTS` below.
 */
export interface HotPathVariant {
  /** Short, in target names and the report: `ownership`, `DPoP`. */
  name: string
  /** What is turned on, for the report: e.g. "ownership checks (`OWNERSHIP=metadata`)". */
  description: string
  /** Broker variables (the Worker's names) that turn the feature on. */
  vars: Record<string, string>
  /**
   * The proxied call's headers for `url` on this variant's broker, given a broker token from its
   * `POST /v1/token` (`token` below). Called once per request (autocannon's `setupRequest`), so
   * it must be synchronous and cheap: a DPoP proof, for one, is taken from a pool made ahead.
   * Default: `Authorization: Bearer <token>`.
   */
  headers?: (input: { url: string; token: string }) => () => Record<string, string>
  /**
   * A broker token for the variant's broker at `brokerUrl` (default: `POST /v1/token` with the
   * bench origin, anonymous).
   */
  token?: (brokerUrl: string) => Promise<string>
}

/** Every variant measured, in report order. */
export const VARIANTS: readonly HotPathVariant[] = [ownershipVariant]
