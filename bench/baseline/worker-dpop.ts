import { dpopBaseline } from './dpop-app.ts'

export default dpopBaseline
