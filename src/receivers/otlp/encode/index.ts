export { encodeExportResponse, encodeStatus, type Encoding } from './by-encoding.js';
export { encodeExportResponseJson, encodeExportResponseProtobuf, type PartialSuccess } from './export-response.js';
export { encodeStatusJson, encodeStatusProtobuf, type RpcStatus, type StatusDetail } from './rpc-status.js';
export { RETRY_INFO_TYPE_URL, retryInfo } from './retry-info.js';
