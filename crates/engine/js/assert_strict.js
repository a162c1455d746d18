// node:assert/strict: node:assert, whose comparisons here are the strict ones already.

import assert from 'node:assert';

export * from 'node:assert';
export default assert;
