/** V8 flags for the engine's process (see engine-flags.mjs). */
export declare const ENGINE_V8_FLAGS: readonly string[];
