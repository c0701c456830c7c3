/**
 * The import graph's rules, checked by `npm run lint` (dependency-cruiser): no cycle anywhere, the
 * server and the web client never import each other, and catalog/ (shared by both) imports nothing
 * but itself and zod. Type-only imports count: a cycle of types is still two files that cannot be
 * read one without the other.
 */

/**
 * Files in a known cycle that is being taken apart (routes/landing.ts and the OpenAPI builder import
 * each other through the route files, because `Dataset` and `MapSettings` live in a route file).
 * Temporary: once those types live in catalog/, this list is emptied and the rule holds everywhere.
 */
const KNOWN_CYCLE = [
  '^server/routes/landing\\.ts$',
  '^server/routes/openapi\\.ts$',
  '^server/routes/publications\\.ts$',
  '^server/routes/publications-openapi\\.ts$',
  '^server/routes/tiles\\.ts$',
  '^server/routes/tiles-openapi\\.ts$',
  '^server/routes/exports\\.ts$',
  '^server/publishing/map-sheets\\.ts$',
];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle means neither file can be understood, tested or moved without the other.',
      severity: 'error',
      from: KNOWN_CYCLE.length > 0 ? { pathNot: KNOWN_CYCLE } : {},
      to: { circular: true },
    },
    {
      name: 'server-not-to-client',
      comment: 'What both wings need lives in catalog/, below them.',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^client/' },
    },
    {
      name: 'client-not-to-server',
      comment: 'The client reads the API like any other client; shared vocabulary lives in catalog/.',
      severity: 'error',
      from: { path: '^client/' },
      to: { path: '^server/' },
    },
    {
      name: 'catalog-stays-plain',
      comment: 'catalog/ runs in Node and in the browser alike: no Node, DOM or map library, only itself and zod.',
      severity: 'error',
      from: { path: '^catalog/' },
      to: { pathNot: ['^catalog/', '^node_modules/zod/'] },
    },
  ],
  options: {
    // SWC parses TypeScript without the TypeScript compiler's API, which TypeScript 7 no longer offers.
    parser: 'swc',
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|test-output|bench-results)/' },
  },
};
