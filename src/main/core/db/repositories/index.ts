export * from './settings-repo';
export * from './instruments-repo';
export * from './bars-repo';
export * from './quotes-repo';
export * from './ingest-runs-repo';
export * from './universe-repo';
export * from './sector-repo';
