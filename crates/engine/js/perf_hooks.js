// node:perf_hooks: the global performance object.

export const performance = globalThis.performance;
export default { performance };
