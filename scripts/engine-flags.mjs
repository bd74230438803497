// V8 flags for the process that runs the engine (browser-mode host, and the Electron main process through
// --js-flags). Node 24's V8 lets the young generation grow to 3 × 32 MB after an allocation burst (start-up
// catch-ups, chain repricing) and keeps it: the engine then sat at 330–380 MB RSS against the 300 MB ceiling.
// 16 MB semi-spaces — V8's default before Node 22 — hold it near 245 MB; scavenges stay sub-millisecond.
// `npm run serve` passes the same flag in package.json (keep them equal).
export const ENGINE_V8_FLAGS = ['--max-semi-space-size=16'];
