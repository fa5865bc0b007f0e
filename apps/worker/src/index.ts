import { createWorker } from './worker.ts'

export { TokenVault } from './token-vault.ts'

export default createWorker()
