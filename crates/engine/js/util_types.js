// node:util/types: the type checks of node:util.

import { types } from 'node:util';

export const {
  isPromise, isRegExp, isDate, isMap, isSet, isWeakMap, isWeakSet, isArrayBuffer, isAnyArrayBuffer,
  isArrayBufferView, isTypedArray, isUint8Array, isDataView, isNativeError, isAsyncFunction,
  isGeneratorFunction, isGeneratorObject, isBoxedPrimitive, isSymbolObject, isProxy,
} = types;
export default types;
