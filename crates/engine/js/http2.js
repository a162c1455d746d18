// node:http2: not provided (HTTP/1.1 is, in node:http and fetch); every entry point fails with
// ERR_FEATURE_UNAVAILABLE_ON_PLATFORM.

import { refuse } from 'internal:unavailable';

export const connect = refuse('HTTP/2 (http2.connect())');
export const createServer = refuse('HTTP/2 (http2.createServer())');
export const createSecureServer = refuse('HTTP/2 (http2.createSecureServer())');
export const constants = {
  NGHTTP2_CANCEL: 8, HTTP2_HEADER_STATUS: ':status', HTTP2_HEADER_METHOD: ':method',
  HTTP2_HEADER_AUTHORITY: ':authority', HTTP2_HEADER_SCHEME: ':scheme', HTTP2_HEADER_PATH: ':path',
  HTTP2_HEADER_CONTENT_TYPE: 'content-type', HTTP2_HEADER_CONTENT_LENGTH: 'content-length',
};
export function getDefaultSettings() { return {}; }

export default { connect, createServer, createSecureServer, constants, getDefaultSettings };
