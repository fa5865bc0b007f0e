// Generated from api.video's OpenAPI file (packages/apivideo-emulator/openapi/oas-apivideo.yaml)
// by scripts/generate-operations.ts. Do not edit: change the generator or the spec, then run
// `pnpm --filter @keyward/broker generate` and commit the result. A test fails while it is stale.
import type { ProxyRule } from '../operation-rule.ts'
import { ruleMaker } from '../rule-table.ts'
import * as body from './body-validators.ts'
import * as query from './query-validators.ts'

/** What each path parameter without an enum looks like; every pattern is built from its path. */
const rule = ruleMaker({
  videoId: "vi[0-9A-Za-z]{22}",
  liveStreamId: "li[0-9A-Za-z]{22}",
  playerId: "pl[0-9A-Za-z]{22}",
  watermarkId: "watermark_[0-9A-Za-z]{22}",
  summaryId: "summary_[0-9A-Za-z]{22}",
  language: "[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}",
})

/** The 48 api.video operations the proxy forwards, with the scope each needs. */
export const OPERATIONS: readonly ProxyRule[] = [
  rule("LIST-videos", "GET /videos", "videos:read", {
    query: { deepObjects: ["metadata"], validate: query.listVideos },
  }),
  rule("POST-video", "POST /videos", "videos:write", {
    body: { kind: 'json', validate: body.postVideo, sensitive: [{"name":"source"},{"name":"public","harmless":false}] },
  }),
  rule("LIST-tags", "GET /tags", "videos:read", {
    query: { deepObjects: [], validate: query.listTags },
  }),
  rule("GET_summaries", "GET /summaries", "videos:read", {
    query: { deepObjects: [], validate: query.getSummaries },
  }),
  rule("POST_summaries", "POST /summaries", "videos:write", {
    body: { kind: 'json', validate: body.postSummaries, sensitive: [] },
  }),
  rule("DELETE_summaries-summaryId", "DELETE /summaries/{summaryId}", "videos:write"),
  rule("GET_summaries-summaryId-source", "GET /summaries/{summaryId}/source", "videos:read"),
  rule("PATCH_summaries-summaryId-source", "PATCH /summaries/{summaryId}/source", "videos:write", {
    body: { kind: 'json', validate: body.patchSummariesSummaryIdSource, sensitive: [] },
  }),
  rule("POST_videos-videoId-source", "POST /videos/{videoId}/source", "videos:upload", {
    body: { kind: 'stream', part: "file" },
  }),
  rule("LIST-watermarks", "GET /watermarks", "watermarks:read", {
    query: { deepObjects: [], validate: query.listWatermarks },
  }),
  rule("POST_watermark", "POST /watermarks", "watermarks:write", {
    body: { kind: 'form', parts: [{"name":"file","file":true,"required":true}], maxBytes: 8388608 /* not declared: the broker bound */ },
  }),
  rule("DELETE_watermark", "DELETE /watermarks/{watermarkId}", "watermarks:delete"),
  rule("POST_videos-videoId-thumbnail", "POST /videos/{videoId}/thumbnail", "videos:write", {
    body: { kind: 'form', parts: [{"name":"file","file":true,"required":true}], maxBytes: 8388608 /* not declared: the broker bound */ },
  }),
  rule("PATCH_videos-videoId-thumbnail", "PATCH /videos/{videoId}/thumbnail", "videos:write", {
    body: { kind: 'json', validate: body.patchVideosVideoIdThumbnail, sensitive: [] },
  }),
  rule("GET-video", "GET /videos/{videoId}", "videos:read"),
  rule("PATCH-video", "PATCH /videos/{videoId}", "videos:write", {
    body: { kind: 'json', validate: body.patchVideo, sensitive: [{"name":"public","harmless":false}] },
  }),
  rule("DELETE-video", "DELETE /videos/{videoId}", "videos:delete"),
  rule("LIST-discarded-videos", "GET /discarded/videos", "videos:read", {
    query: { deepObjects: ["metadata"], validate: query.listDiscardedVideos },
  }),
  rule("GET-discarded-video", "GET /discarded/videos/{videoId}", "videos:read"),
  rule("PATCH-discarded-video", "PATCH /discarded/videos/{videoId}", "videos:write", {
    body: { kind: 'json', validate: body.patchDiscardedVideo, sensitive: [] },
  }),
  rule("GET-video-status", "GET /videos/{videoId}/status", "videos:read"),
  rule("GET_live-streams", "GET /live-streams", "livestreams:read", {
    query: { deepObjects: [], validate: query.getLiveStreams },
  }),
  rule("POST_live-streams", "POST /live-streams", "livestreams:write", {
    body: { kind: 'json', validate: body.postLiveStreams, sensitive: [{"name":"public","harmless":false},{"name":"restreams","harmless":[]}] },
  }),
  rule("GET_live-streams-liveStreamId", "GET /live-streams/{liveStreamId}", "livestreams:read"),
  rule("PATCH_live-streams-liveStreamId", "PATCH /live-streams/{liveStreamId}", "livestreams:write", {
    body: { kind: 'json', validate: body.patchLiveStreamsLiveStreamId, sensitive: [{"name":"public","harmless":false},{"name":"restreams","harmless":[]}] },
  }),
  rule("DELETE_live-streams-liveStreamId", "DELETE /live-streams/{liveStreamId}", "livestreams:delete"),
  rule("POST_live-streams-liveStreamId-thumbnail", "POST /live-streams/{liveStreamId}/thumbnail", "livestreams:write", {
    body: { kind: 'form', parts: [{"name":"file","file":true,"required":true}], maxBytes: 8388608 /* not declared: the broker bound */ },
  }),
  rule("DELETE_live-streams-liveStreamId-thumbnail", "DELETE /live-streams/{liveStreamId}/thumbnail", "livestreams:write"),
  rule("PUT_live-streams-liveStreamId-complete", "PUT /live-streams/{liveStreamId}/complete", "livestreams:write"),
  rule("GET_videos-videoId-captions-language", "GET /videos/{videoId}/captions/{language}", "videos:read"),
  rule("POST_videos-videoId-captions-language", "POST /videos/{videoId}/captions/{language}", "videos:write", {
    body: { kind: 'form', parts: [{"name":"file","file":true,"required":true}], maxBytes: 8388608 /* not declared: the broker bound */ },
  }),
  rule("PATCH_videos-videoId-captions-language", "PATCH /videos/{videoId}/captions/{language}", "videos:write", {
    body: { kind: 'json', validate: body.patchVideosVideoIdCaptionsLanguage, sensitive: [] },
  }),
  rule("DELETE_videos-videoId-captions-language", "DELETE /videos/{videoId}/captions/{language}", "videos:write"),
  rule("GET_videos-videoId-captions", "GET /videos/{videoId}/captions", "videos:read", {
    query: { deepObjects: [], validate: query.getVideosVideoIdCaptions },
  }),
  rule("GET_videos-videoId-chapters-language", "GET /videos/{videoId}/chapters/{language}", "videos:read"),
  rule("POST_videos-videoId-chapters-language", "POST /videos/{videoId}/chapters/{language}", "videos:write", {
    body: { kind: 'form', parts: [{"name":"file","file":true,"required":true}], maxBytes: 8388608 /* not declared: the broker bound */ },
  }),
  rule("DELETE_videos-videoId-chapters-language", "DELETE /videos/{videoId}/chapters/{language}", "videos:write"),
  rule("GET_videos-videoId-chapters", "GET /videos/{videoId}/chapters", "videos:read", {
    query: { deepObjects: [], validate: query.getVideosVideoIdChapters },
  }),
  rule("GET_players", "GET /players", "players:read", {
    query: { deepObjects: [], validate: query.getPlayers },
  }),
  rule("POST_players", "POST /players", "players:write", {
    body: { kind: 'json', validate: body.postPlayers, sensitive: [] },
  }),
  rule("GET_players-playerId", "GET /players/{playerId}", "players:read"),
  rule("PATCH_players-playerId", "PATCH /players/{playerId}", "players:write", {
    body: { kind: 'json', validate: body.patchPlayersPlayerId, sensitive: [] },
  }),
  rule("DELETE_players-playerId", "DELETE /players/{playerId}", "players:delete"),
  rule("POST_players-playerId-logo", "POST /players/{playerId}/logo", "players:write", {
    body: { kind: 'form', parts: [{"name":"file","file":true,"required":true},{"name":"link","file":false,"required":false}], maxBytes: 102400 /* declared by api.video */ },
  }),
  rule("DELETE_players-playerId-logo", "DELETE /players/{playerId}/logo", "players:write"),
  rule("GET_aggregated-metrics", "GET /data/metrics/{metric}/{aggregation}", "analytics:read", {
    query: { deepObjects: ["filterBy"], validate: query.getAggregatedMetrics },
    enums: {"metric":["play","start","end","impression","impression-time","watch-time","ccv","view"],"aggregation":["count","rate","total","average","sum","peak","live"]},
  }),
  rule("GET_metrics-breakdown", "GET /data/buckets/{metric}/{breakdown}", "analytics:read", {
    query: { deepObjects: ["filterBy"], validate: query.getMetricsBreakdown },
    enums: {"metric":["play","play-rate","play-total","start","end","impression","ccv-peak","ccv-average","view"],"breakdown":["media-id","media-type","continent","country","device-type","operating-system","browser","referrer"]},
  }),
  rule("GET_metrics-over-time", "GET /data/timeseries/{metric}", "analytics:read", {
    query: { deepObjects: ["filterBy"], validate: query.getMetricsOverTime },
    enums: {"metric":["play","play-rate","start","end","impression","ccv-peak","ccv-average","view"]},
  }),
]

/** The 11 operations never forwarded, whatever the scope. */
export const NEVER_FROM_A_BROWSER: readonly string[] = ["POST /auth/api-key","POST /auth/refresh","GET /upload-tokens","POST /upload-tokens","GET /upload-tokens/{uploadToken}","DELETE /upload-tokens/{uploadToken}","POST /upload","GET /webhooks","POST /webhooks","GET /webhooks/{webhookId}","DELETE /webhooks/{webhookId}"]
