// tsconfig's moduleResolution "node" does not read package.json "exports", where PGlite maps
// `@electric-sql/pglite/contrib/*` to dist/contrib/*; this points the compiler at the same types.
declare module '@electric-sql/pglite/contrib/pg_trgm' {
  export * from '@electric-sql/pglite/dist/contrib/pg_trgm';
}
