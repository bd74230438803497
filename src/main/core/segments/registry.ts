/**
 * The segments the engine runs, in order (the first whose universe holds a symbol tags its cards). Adding a segment
 * is one folder under src/main/core/segments/<id>/ whose index.ts exports `segment: Segment`, one import and one
 * entry here; its segment_config row is seeded from its defaults on the next start (docs/segments.md).
 *
 * An explicit list rather than `import.meta.glob('./*\/index.ts')`: vitest and electron-vite's build would resolve
 * the glob, but tsx (bench/run.ts imports the engine through it) does not implement it, and the core is compiled as
 * CommonJS where `import.meta` is not available to tsc either.
 */
import { segment as biotech } from './biotech';
import { segment as mining } from './mining';
import type { Segment } from './types';

export const SEGMENTS: readonly Segment[] = Object.freeze([biotech, mining]);
