// Node-style errors with a `code`, argument validators, and DOMException.

function describe(value) {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return `function ${value.name || '<anonymous>'}`;
  if (typeof value === 'object') {
    const name = value.constructor && value.constructor.name;
    return name ? `an instance of ${name}` : 'an object';
  }
  let shown = String(value);
  if (shown.length > 28) shown = shown.slice(0, 25) + '...';
  if (typeof value === 'string') shown = `'${shown}'`;
  return `type ${typeof value} (${shown})`;
}

export function codedError(Ctor, code, message) {
  const err = new Ctor(message);
  Object.defineProperty(err, 'code', { value: code, enumerable: true, writable: true, configurable: true });
  return err;
}

export function invalidArgType(name, expected, actual) {
  const kind = name.includes('.') ? 'property' : 'argument';
  return codedError(TypeError, 'ERR_INVALID_ARG_TYPE',
    `The "${name}" ${kind} must be ${expected}. Received ${describe(actual)}`);
}

/// Node's RangeError for a port out of range or not a number (`name` is 'Port' for a client,
/// 'options.port' for a server).
export function badPort(port, name = 'Port') {
  return codedError(RangeError, 'ERR_SOCKET_BAD_PORT', `${name} should be >= 0 and < 65536. Received ${describe(port)}.`);
}

export function invalidArgValue(name, value, reason = 'is invalid') {
  let shown;
  try { shown = typeof value === 'string' ? `'${value}'` : String(value); } catch { shown = typeof value; }
  return codedError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument '${name}' ${reason}. Received ${shown}`);
}

export function outOfRange(name, range, value) {
  return codedError(RangeError, 'ERR_OUT_OF_RANGE',
    `The value of "${name}" is out of range. It must be ${range}. Received ${String(value)}`);
}

export function validateFunction(value, name) {
  if (typeof value !== 'function') throw invalidArgType(name, 'of type function', value);
}

export function validateString(value, name) {
  if (typeof value !== 'string') throw invalidArgType(name, 'of type string', value);
}

export function validateNumber(value, name, min, max) {
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value);
  if ((min !== undefined && value < min) || (max !== undefined && value > max) || Number.isNaN(value)) {
    throw outOfRange(name, `>= ${min} && <= ${max}`, value);
  }
}

export function validateObject(value, name) {
  if (value === null || typeof value !== 'object') throw invalidArgType(name, 'of type object', value);
}

const DOM_CODES = {
  IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4, InvalidCharacterError: 5,
  NoModificationAllowedError: 7, NotFoundError: 8, NotSupportedError: 9, InvalidStateError: 11,
  SyntaxError: 12, InvalidModificationError: 13, NamespaceError: 14, InvalidAccessError: 15,
  TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20, URLMismatchError: 21,
  QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24, DataCloneError: 25,
};

export class DOMException extends Error {
  constructor(message = '', options = 'Error') {
    super(String(message));
    let name = options;
    if (options !== null && typeof options === 'object') {
      name = options.name === undefined ? 'Error' : options.name;
      if ('cause' in options) this.cause = options.cause;
    }
    Object.defineProperty(this, 'name', { value: String(name), configurable: true, writable: true });
  }
  get code() { return DOM_CODES[this.name] || 0; }
}
for (const [name, code] of Object.entries(DOM_CODES)) {
  const constName = name.replace(/Error$/, '').replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase() + '_ERR';
  Object.defineProperty(DOMException, constName, { value: code, enumerable: true });
}

export function abortError(reason) {
  const err = new DOMException('This operation was aborted', 'AbortError');
  if (reason !== undefined) err.cause = reason;
  return err;
}
