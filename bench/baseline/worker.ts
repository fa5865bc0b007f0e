import { baseline } from './app.ts'

export default baseline
