// WHATWG fetch, Headers, Request and Response (to be written).

export function fetch() {
  return Promise.reject(new TypeError('fetch is not implemented yet'));
}
export class Headers {}
export class Request {}
export class Response {}
