/**
 * The database schema, one file per area; drizzle-kit reads it all from here
 * (`npm run db:generate`), and repositories import tables from here.
 */
export * from './schema/tenancy.js';
export * from './schema/quiz.js';
export * from './schema/study.js';
export * from './schema/plans.js';
