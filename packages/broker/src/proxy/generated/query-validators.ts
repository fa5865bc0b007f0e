// Generated from api.video's OpenAPI file (packages/apivideo-emulator/openapi/oas-apivideo.yaml)
// by scripts/generate-operations.ts. Do not edit: change the generator or the spec, then run
// `pnpm --filter @keyward/broker generate` and commit the result. A test fails while it is stale.
import { type Schema, validator } from '../contracts/schema-validator.ts'

const s0: Schema = {type:"string"}
const s1: Schema = {type:"boolean"}
const s2: Schema = {type:"integer"}
const s3: Schema = {type:"string",format:"date-time"}
const s4: Schema = {type:"string",enum:["asc","desc"]}
const s5: Schema = {type:"array",items:s0}
const s6: Schema = {type:"string",enum:["3s","5s","10s","30s"]}
const s7: Schema = {type:"string",enum:["video","live-stream"]}
const s8: Schema = {type:"string",format:"uri",maxLength:2048}
const s9: Schema = {type:"string",enum:["name","createdAt","updatedAt"]}
const s10: Schema = {type:"object",additionalProperties:s0}
const s11: Schema = {type:"string",enum:["AS","AF","NA","SA","AN","EU","AZ"]}
const s12: Schema = {type:"string",enum:["title","createdAt","publishedAt","updatedAt"]}
const s13: Schema = {type:"array",items:s8}
const s14: Schema = {type:"array",items:s11}
const s15: Schema = {type:"object",properties:{"mediaId":s5,"mediaType":s7,"continent":s14,"country":s5,"deviceType":s5,"operatingSystem":s5,"browser":s5,"tag":s0,"referrer":s13},additionalProperties:false}

export const listVideos = validator({type:"object",properties:{"title":s0,"tags[]":s5,"metadata":s10,"description":s0,"liveStreamId":s0,"sortBy":s12,"sortOrder":s4,"currentPage":s2,"pageSize":s2},additionalProperties:false}, true)
export const listTags = validator({type:"object",properties:{"value":s0,"sortBy":{type:"string",enum:["value","videoCount"]},"sortOrder":s4,"currentPage":s2,"pageSize":s2},additionalProperties:false}, true)
export const getSummaries = validator({type:"object",properties:{"videoId":s0,"origin":{type:"string",enum:["auto","api"]},"sourceStatus":{type:"string",enum:["missing","waiting","failed","completed","unprocessable"]},"sortBy":{type:"string",enum:["createdAt","updatedAt","videoId"]},"sortOrder":s4,"currentPage":s2,"pageSize":s2},additionalProperties:false}, true)
export const listWatermarks = validator({type:"object",properties:{"sortBy":s0,"sortOrder":s0,"currentPage":s2,"pageSize":s2},additionalProperties:false}, true)
export const listDiscardedVideos = validator({type:"object",properties:{"title":s0,"tags[]":s5,"metadata":s10,"description":s0,"liveStreamId":s0,"sortBy":s12,"sortOrder":s4,"currentPage":s2,"pageSize":s2},additionalProperties:false}, true)
export const getLiveStreams = validator({type:"object",properties:{"streamKey":s0,"name":s0,"sortBy":s9,"sortOrder":s4,"currentPage":s2,"pageSize":s2},additionalProperties:false}, true)
export const getVideosVideoIdCaptions = validator({type:"object",properties:{"currentPage":s2,"pageSize":s2},additionalProperties:false}, true)
export const getVideosVideoIdChapters = validator({type:"object",properties:{"currentPage":s2,"pageSize":s2},additionalProperties:false}, true)
export const getPlayers = validator({type:"object",properties:{"sortBy":s9,"sortOrder":s4,"currentPage":s2,"pageSize":s2},additionalProperties:false}, true)
export const getAggregatedMetrics = validator({type:"object",properties:{"from":s3,"to":s3,"unique":s1,"viewDuration":s6,"filterBy":s15},additionalProperties:false}, true)
export const getMetricsBreakdown = validator({type:"object",properties:{"from":s3,"to":s3,"sortBy":{type:"string",enum:["metricValue","dimensionValue"]},"sortOrder":s4,"unique":s1,"viewDuration":s6,"filterBy":s15,"currentPage":s2,"pageSize":s2},additionalProperties:false}, true)
export const getMetricsOverTime = validator({type:"object",properties:{"from":s3,"to":s3,"interval":{type:"string",enum:["minute","hour","day"]},"sortBy":{type:"string",enum:["metricValue","emittedAt"]},"sortOrder":s4,"unique":s1,"viewDuration":s6,"filterBy":s15,"currentPage":s2,"pageSize":s2},additionalProperties:false}, true)
