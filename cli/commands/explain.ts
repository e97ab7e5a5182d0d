import { UsageError } from '../../src/errors.js';
import { featureIds, featureLabels, isProtocolId, protocolIds, protocols } from '../../src/catalogue/protocols.js';
import type { ParsedArgs } from '../args.js';
import { outputWidth, type Context } from '../context.js';
import { markedValue, ratingPaint } from '../render/rating.js';
import { bullet, wrap } from '../render/wrap.js';
import type { Style } from '../style.js';

export default async function explain(ctx: Context, args: ParsedArgs, style: Style): Promise<void> {
  const id = args.positionals[0];
  if (id === undefined) {
    throw new UsageError('CP_MISSING_ARGUMENT', `explain needs a protocol: one of ${protocolIds.join(', ')}.`);
  }
  if (!isProtocolId(id)) {
    throw new UsageError('CP_INVALID_VALUE', `Unknown protocol "${id}". Accepted: ${protocolIds.join(', ')}.`);
  }
  const protocol = protocols[id];
  if (args.flags.json === true) {
    ctx.stdout.write(`${JSON.stringify(protocol, null, 2)}\n`);
    return;
  }
  const width = outputWidth(ctx);
  const out = [style.bold(protocol.name), ...wrap(protocol.tagline, width), ''];
  out.push(style.bold('How it works'), ...protocol.howItWorks.map((line) => bullet('•', line, width)), '');

  out.push(style.bold('At a glance'));
  const glance: [string, string, ((t: string) => string) | undefined][] = protocol.summary
    ? featureIds.map((f) => {
        const cell = protocol.summary![f];
        return [featureLabels[f], markedValue(cell.value, cell.rating), ratingPaint(cell.rating, style)];
      })
    : [
        ['Direction', protocol.quick.direction, undefined],
        ['Protocol', protocol.quick.transport, undefined],
        ['Data format', protocol.quick.format, undefined],
        ['Reconnect', protocol.quick.reconnect, undefined],
      ];
  glance.push(['Auth', protocol.quick.auth, undefined], ['Languages', protocol.quick.languages, undefined]);
  const labelWidth = Math.max(...glance.map(([label]) => label.length));
  for (const [label, value, paint] of glance) out.push(`  ${style.dim(label.padEnd(labelWidth))}  ${paint ? paint(value) : value}`);

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
  out.push('', `${style.bold('Starter:')} ${style.cyan(`npx choose-protocol init ${protocol.template}`)}`, '');
  ctx.stdout.write(out.join('\n'));
}
