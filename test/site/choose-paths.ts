/**
 * Every path through the questionnaire as the Choose page offers it: each direction and peer,
 * the rates the tree tells apart (the article's 100 a second, our 1000) where the server sends,
 * none where it does not (optional when both send), and each set of refinements ticked on some
 * path (16 subsets spread over the 18 paths, so every combination of ticks is clicked once).
 */

export const refinementFlags = ['binary', 'strict-proxy', 'lossless', 'latest-wins'] as const;

export interface ChoosePath {
  direction: 'bidirectional' | 'server-to-client' | 'client-to-server';
  peer: 'browser' | 'service' | 'public';
  rate: string | undefined;
  refinements: (typeof refinementFlags)[number][];
}

const rates: Record<ChoosePath['direction'], (string | undefined)[]> = {
  'server-to-client': ['10', '500', '5000'],
  bidirectional: [undefined, '500'],
  'client-to-server': [undefined],
};

export function choosePaths(): ChoosePath[] {
  const paths: ChoosePath[] = [];
  for (const direction of ['bidirectional', 'server-to-client', 'client-to-server'] as const) {
    for (const peer of ['browser', 'service', 'public'] as const) {
      for (const rate of rates[direction]) paths.push({ direction, peer, rate, refinements: [] });
    }
  }
  // 7 is coprime with 16, so the first 16 paths get 16 different subsets.
  paths.forEach((path, i) => {
    const mask = (i * 7) % 16;
    path.refinements = refinementFlags.filter((_, bit) => mask & (1 << bit));
  });
  return paths;
}

/** The `choose-protocol recommend` flags for a path, in the CLI's order. */
export function flagsOf(path: ChoosePath): string[] {
  return [
    '--direction',
    path.direction,
    '--peer',
    path.peer,
    ...(path.rate === undefined ? [] : ['--rate', path.rate]),
    ...path.refinements.map((r) => `--${r}`),
  ];
}
