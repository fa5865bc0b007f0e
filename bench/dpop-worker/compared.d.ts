// Another build of @keyward/broker, aliased in wrangler.jsonc (this build unless a copy says so).
declare module 'keyward-broker-compared' {
  export { createBroker } from '@keyward/broker'
}
