export {
  openTabChannel,
  type SharedToken,
  type TabChannel,
  type TabChannelOptions,
} from './tab-channel.ts'
