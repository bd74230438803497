export * from './open-database';
export * from './migrate';
export { MIGRATIONS, type Migration } from './migrations';
export * from './repositories';
