// node:http: the server (internal:http_server), the client (internal:http_client) and fetch.

import * as server from 'internal:http_server';
import * as client from 'internal:http_client';
import * as web from 'internal:fetch';

export * from 'internal:http_server';
export * from 'internal:http_client';
export { fetch, Headers, Request, Response } from 'internal:fetch';

export default { ...server, ...client, fetch: web.fetch, Headers: web.Headers, Request: web.Request, Response: web.Response };
