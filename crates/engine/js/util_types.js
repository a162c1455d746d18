// node:util/types: the type checks of node:util.

import { types } from 'node:util';

export const {
  isPromise, isRegExp, isDate, isMap, isSet, isWeakMap, isWeakSet, isArrayBuffer, isAnyArrayBuffer,
  isArrayBufferView, isTypedArray, isUint8Array, isDataView, isNativeError, isAsyncFunction,
  isGeneratorFunction, isGeneratorObject, isBoxedPrimitive, isSymbolObject, isProxy,
  isNumberObject, isStringObject, isBooleanObject, isBigIntObject, isArgumentsObject, isMapIterator,
  isSetIterator, isModuleNamespaceObject, isSharedArrayBuffer, isExternal, isKeyObject, isCryptoKey,
  isInt8Array, isUint8ClampedArray, isInt16Array, isUint16Array, isInt32Array, isUint32Array,
  isFloat32Array, isFloat64Array, isBigInt64Array, isBigUint64Array,
} = types;
export default types;
