import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { featureIds, outcomes, packageRoot, protocolIds, protocols, summaryProtocolIds, templates } from '../../../src/index.js';

describe('the protocol catalogue', () => {
  it('covers every row of the article\'s summary table for its three protocols', () => {
    for (const id of summaryProtocolIds) {
      const summary = protocols[id].summary;
      expect(summary, id).toBeDefined();
      for (const feature of featureIds) expect(summary![feature].value, `${id}.${feature}`).not.toBe('');
    }
  });

  it('gives every protocol how it works, when to use it, gotchas and a starter', () => {
    for (const id of protocolIds) {
      const p = protocols[id];
      expect(p.id).toBe(id);
      expect(p.howItWorks.length).toBeGreaterThan(2);
      expect(p.useWhen.length).toBeGreaterThan(1);
      expect(p.gotchas.length).toBeGreaterThan(1);
      expect(templates[p.template]).toBeDefined();
    }
  });

  it('keeps the article\'s benchmark numbers as claims for the three streaming protocols', () => {
    expect(protocols.websocket.claims?.throughput).toBe('95K msg/s');
    expect(protocols.sse.claims?.latencyP99).toBe('15ms');
    expect(protocols.grpc.claims?.memoryPerConnection).toBe('3.2 KB');
  });

  it('maps every outcome with a starter to one that exists in templates/, with the flags it names', () => {
    const root = packageRoot();
    for (const outcome of Object.values(outcomes)) {
      if (outcome.template === null) continue;
      const template = templates[outcome.template];
      for (const flag of outcome.scaffoldFlags ?? []) expect(template.variants.map((v) => v.flag)).toContain(flag);
      expect(existsSync(join(root, 'templates', template.folder, 'package.json')), template.folder).toBe(true);
      for (const variant of template.variants) expect(existsSync(join(root, 'templates', variant.overlay)), variant.overlay).toBe(true);
    }
  });
});
