// node:url: the WHATWG URL classes and the file-URL helpers.

import { URL, URLSearchParams, percentDecode } from 'internal:url';
import { codedError, invalidArgType } from 'internal:errors';

export { URL, URLSearchParams };

export function fileURLToPath(url) {
  const u = typeof url === 'string' ? new URL(url) : url;
  if (!(u instanceof URL)) throw invalidArgType('path', 'of type string or an instance of URL', url);
  if (u.protocol !== 'file:') throw codedError(TypeError, 'ERR_INVALID_URL_SCHEME', 'The URL must be of scheme file');
  return percentDecode(u.pathname);
}

export function pathToFileURL(path) {
  const abs = path.startsWith('/') ? path : `${globalThis.process ? process.cwd() : '/'}/${path}`;
  const u = new URL('file://');
  u.pathname = abs;
  return u;
}

export function domainToASCII(domain) {
  try { return new URL(`http://${domain}`).hostname; } catch { return ''; }
}

export default { URL, URLSearchParams, fileURLToPath, pathToFileURL, domainToASCII };
