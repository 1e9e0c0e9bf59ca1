export { countSpansProtobuf, decodeTracesProtobuf } from './protobuf.js';
export { decodeTracesJson } from './json.js';
