/**
 * The import graph's rules, checked by `npm run lint` (dependency-cruiser): no cycle anywhere, the
 * server and the web client never import each other, and catalog/ (shared by both) imports nothing
 * but itself and zod. Type-only imports count: a cycle of types is still two files that cannot be
 * read one without the other.
 */

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle means neither file can be understood, tested or moved without the other.',
      severity: 'error',
      from: {},
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
