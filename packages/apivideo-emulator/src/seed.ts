import type { IngestStore } from './uploads/ingest.ts'
import type { VideoStore } from './videos/video-store.ts'

const TOPICS = [
  'Aurora timelapse',
  'Kitchen tour',
  'Product demo',
  'Conference talk',
  'Drone flight',
]

/** Creates `count` uploaded, playable sample videos, for demos (`seedVideos`, `--seed-videos`). */
export function seedVideos(count: number, videos: VideoStore, ingests: IngestStore): void {
  for (let index = 1; index <= count; index++) {
    const topic = TOPICS[(index - 1) % TOPICS.length] ?? 'Sample'
    const { videoId } = videos.create({
      title: `${topic} #${index}`,
      description: `Sample video ${index}, created by apivideo-emulator.`,
      tags: ['sample', index % 2 === 0 ? 'even' : 'odd'],
      metadata: [{ key: 'seed', value: String(index) }],
    })
    ingests.seedUploaded(videoId, { size: index * 1_048_576, filename: `sample-${index}.mp4` })
  }
}
