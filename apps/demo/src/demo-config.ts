/** What the SPA learns at start from `/keyward.json`, so one build runs on any ports. */
export interface DemoConfig {
  brokerUrl: string
  /** The emulator's control plane: set in local mode only (no account, no network). */
  emulatorUrl: string | null
  /** api.video itself, called directly only when the broker runs in passthrough mode. */
  apiUrl: string
  /** The development identity provider (sign-in as Alice, Bob or Admin); `null`: no sign-in. */
  identityUrl: string | null
}
