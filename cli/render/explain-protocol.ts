import { scaffoldCommand } from '../../src/templates.js';
import type { protocolReport } from '../../src/catalogue/topic-report.js';
import { featureIds, featureLabels } from '../../src/catalogue/protocols.js';
import type { Style } from '../style.js';
import { correctionMarker, renderCorrections } from './corrections.js';
import { markedValue, ratingPaint } from './rating.js';
import { bullet, wrap } from './wrap.js';

/** `explain <protocol>`: the article's facts about one protocol, then our corrections to them. */
export function renderProtocol(report: ReturnType<typeof protocolReport>, style: Style, width: number): string {
  const protocol = report;
  const out = [style.bold(protocol.name), ...wrap(protocol.tagline, width), ''];
  out.push(style.bold('How it works'), ...protocol.howItWorks.map((line) => bullet('•', line, width)), '');

  out.push(style.bold('At a glance'));
  const markerOf = (feature: (typeof featureIds)[number]) =>
    report.corrections.find((c) => c.target.kind === 'cell' && c.target.feature === feature)?.marker;
  const glance: [string, string, ((t: string) => string) | undefined][] = protocol.summary
    ? featureIds.map((f) => {
        const cell = protocol.summary![f];
        const marker = markerOf(f);
        const value = markedValue(cell.value, cell.rating) + (marker ? ` ${correctionMarker(marker)}` : '');
        return [featureLabels[f], value, ratingPaint(cell.rating, style)];
      })
    : [
        ['Direction', protocol.quick.direction, undefined],
        ['Protocol', protocol.quick.transport, undefined],
        ['Data format', protocol.quick.format, undefined],
        ['Reconnect', protocol.quick.reconnect, undefined],
      ];
  glance.push(['Auth', protocol.quick.auth, undefined], ['Languages', protocol.quick.languages, undefined]);
  const labelWidth = Math.max(...glance.map(([label]) => label.length));
  for (const [label, value, paint] of glance) {
    const lines = wrap(value, Math.max(10, width - labelWidth - 4));
    lines.forEach((line, i) => out.push(`  ${i === 0 ? style.dim(label.padEnd(labelWidth)) : ' '.repeat(labelWidth)}  ${paint ? paint(line) : line}`));
  }

  out.push('', style.bold('Use it when'), ...protocol.useWhen.map((line) => bullet('•', line, width)));
  out.push('', style.bold('Gotchas'), ...protocol.gotchas.map((line) => bullet(style.yellow('!'), line, width)));
  if (protocol.claims) {
    const c = protocol.claims;
    out.push(
      '',
      style.bold("The article's benchmark claims") + style.dim(' (10,000 events/s to 100 clients; claims, not our measurements)'),
      bullet('•', `throughput ${c.throughput}, latency p50 ${c.latencyP50} / p99 ${c.latencyP99}, memory ${c.memoryPerConnection} per connection, CPU ${c.cpuOverhead.toLowerCase()}, bandwidth ${c.bandwidth.toLowerCase()}`, width),
    );
  }
  if (protocol.source === 'choose-protocol') {
    out.push('', style.dim('The article has no column for plain HTTP; these facts are choose-protocol\'s own.'));
  }
  const corrections = renderCorrections(report.corrections, style, width);
  if (corrections.length > 0) out.push('', ...corrections);
  out.push('', `${style.bold('Starter:')} ${style.cyan(scaffoldCommand(protocol.template))}`, '');
  return out.join('\n');
}
