// Another build of the broker, aliased by src/profile-loop.ts (the current one when none is given).
declare module 'keyward-compared/cloudflare' {
  export * from '@keyward/broker/cloudflare'
}
