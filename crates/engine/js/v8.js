// node:v8: the heap figures this runtime has (QuickJS's memory use), in V8's field names;
// serialize/deserialize are not provided (ERR_FEATURE_UNAVAILABLE_ON_PLATFORM).

import native from 'internal:native';
import { refuse } from 'internal:unavailable';

export function getHeapStatistics() {
  const m = native.memoryUsage();
  return {
    total_heap_size: m.heapTotal,
    total_heap_size_executable: 0,
    total_physical_size: m.rss,
    total_available_size: Math.max(0, 4294967296 - m.rss),
    used_heap_size: m.heapUsed,
    heap_size_limit: 4294967296,
    malloced_memory: m.heapTotal,
    peak_malloced_memory: m.heapTotal,
    does_zap_garbage: 0,
    number_of_native_contexts: 1,
    number_of_detached_contexts: 0,
    total_global_handles_size: 0,
    used_global_handles_size: 0,
    external_memory: 0,
  };
}

export function getHeapSpaceStatistics() { return []; }
export function setFlagsFromString() {}
export function cachedDataVersionTag() { return 0; }
export const serialize = refuse('v8.serialize()');
export const deserialize = refuse('v8.deserialize()');

export default { getHeapStatistics, getHeapSpaceStatistics, setFlagsFromString, cachedDataVersionTag, serialize, deserialize };
