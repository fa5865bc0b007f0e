import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GIF, JPEG, PNG, VTT } from '../test-support/media.ts'
import {
  apiError,
  type OfficialClientRig,
  officialClientRig,
} from '../test-support/official-client.ts'

// api.video's own Node.js client, unmodified, drives the media operations over HTTP.

let rig: OfficialClientRig
let files: string

beforeAll(async () => {
  rig = await officialClientRig({ videoRestore: true, assets: 'local' })
  files = await mkdtemp(join(tmpdir(), 'emulator-media-'))
  await writeFile(join(files, 'en.vtt'), VTT)
  await writeFile(join(files, 'logo.png'), PNG)
})

afterAll(async () => {
  await rig.server.close()
  await rm(files, { recursive: true, force: true })
})

describe('the official Node.js client', () => {
  it('VideosApi: uploads and picks thumbnails, each time with a new thumbnail URL', async () => {
    const { videos } = rig.client
    const video = await videos.create({ title: 'Thumbs' })
    const uploaded = await videos.uploadThumbnail(video.videoId, Buffer.from(JPEG))
    expect(uploaded.assets?.thumbnail).not.toBe(video.assets?.thumbnail)
    const image = await fetch(uploaded.assets?.thumbnail as string)
    expect(image.headers.get('content-type')).toBe('image/jpeg')
    const picked = await videos.pickThumbnail(video.videoId, { timecode: '00:00:02.000' })
    expect(picked.assets?.thumbnail).not.toBe(uploaded.assets?.thumbnail)
    await expect(videos.uploadThumbnail(video.videoId, Buffer.from(GIF))).rejects.toMatchObject(
      apiError(400, 'uploaded-file-extension-invalid')
    )
  })

  it('CaptionsApi: uploads from a path, gets, lists, sets the default and deletes', async () => {
    const { videos, captions } = rig.client
    const { videoId } = await videos.create({ title: 'Captioned' })
    const uploaded = await captions.upload(videoId, 'en', join(files, 'en.vtt'))
    expect(uploaded).toMatchObject({ srclang: 'en', languageName: 'English', _default: false })
    expect(await (await fetch(uploaded.src as string)).text()).toContain('WEBVTT')
    await captions.upload(videoId, 'fr', Buffer.from(VTT))
    await captions.update(videoId, 'fr', { _default: true })
    expect((await captions.get(videoId, 'fr'))._default).toBe(true)
    const list = await captions.list({ videoId })
    expect(list.data.map((caption) => caption.srclang)).toEqual(['en', 'fr'])
    await captions.delete(videoId, 'en')
    await expect(captions.get(videoId, 'en')).rejects.toMatchObject(
      apiError(404, 'resource-not-found')
    )
    await expect(captions.upload(videoId, 'en', Buffer.from('not vtt'))).rejects.toMatchObject(
      apiError(400, 'uploaded-file-invalid-file')
    )
  })

  it('ChaptersApi: uploads, gets, lists and deletes', async () => {
    const { videos, chapters } = rig.client
    const { videoId } = await videos.create({ title: 'Chaptered' })
    expect(await chapters.upload(videoId, 'fr', Buffer.from(VTT))).toMatchObject({
      uri: `/videos/${videoId}/chapters/fr`,
      language: 'fr',
    })
    expect((await chapters.get(videoId, 'fr')).language).toBe('fr')
    expect((await chapters.list({ videoId })).pagination.itemsTotal).toBe(1)
    await chapters.delete(videoId, 'fr')
    expect((await chapters.list({ videoId })).data).toEqual([])
  })

  it('WatermarksApi: uploads, lists, applies to a new video and deletes', async () => {
    const { watermarks, videos } = rig.client
    const id = (await watermarks.upload(join(files, 'logo.png'))).watermarkId as string
    const list = await watermarks.list({ sortBy: 'createdAt', sortOrder: 'desc' })
    expect(list.data.map((w) => w.watermarkId)).toContain(id)
    const video = await videos.create({
      title: 'Marked',
      watermark: { id, top: '10px', left: '10px', opacity: '70%' },
    })
    expect(video.videoId).toMatch(/^vi/)
    await watermarks.delete(id)
    await expect(videos.create({ title: 'Marked again', watermark: { id } })).rejects.toMatchObject(
      apiError(400, 'invalid-attribute')
    )
  })

  it('TagsApi: lists the tags of the videos with their counts', async () => {
    const { tags, videos } = rig.client
    await videos.create({ title: 'Tagged 1', tags: ['Élan', 'client-test'] })
    await videos.create({ title: 'Tagged 2', tags: ['client-test'] })
    const found = await tags.list({ value: 'CLIENT', sortBy: 'videoCount', sortOrder: 'desc' })
    expect(found.data).toEqual([{ value: 'client-test', videoCount: 2 }])
    expect((await tags.list({ value: 'elan' })).data).toEqual([{ value: 'Élan', videoCount: 1 }])
  })

  it('VideosApi: discards on delete, lists, gets and restores discarded videos', async () => {
    const { videos } = rig.client
    const { videoId } = await videos.create({ title: 'Discard me' })
    await videos.delete(videoId)
    await expect(videos.get(videoId)).rejects.toMatchObject(apiError(404, 'resource-not-found'))
    const discarded = await videos.getDiscarded(videoId)
    expect(discarded).toMatchObject({ videoId, discarded: true })
    expect(discarded.deletesAt).toBeInstanceOf(Date)
    const list = await videos.listDiscarded({ title: 'Discard' })
    expect(list.data.map((video) => video.videoId)).toEqual([videoId])
    await expect(videos.updateDiscarded(videoId, { discarded: true })).rejects.toMatchObject(
      apiError(400, 'invalid-attribute')
    )
    const restored = await videos.updateDiscarded(videoId, { discarded: false })
    expect(restored).toMatchObject({ videoId, discarded: false })
    expect((await videos.get(videoId)).title).toBe('Discard me')
  })
})
