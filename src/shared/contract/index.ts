export * from './rpc';
export * from './schemas';
export * from './sector-schemas';
export * from './trading-schemas';
export * from './options-schemas';
export * from './methods';
export * from './events';
export * from './client';
