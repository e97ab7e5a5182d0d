/** Synthetic records, identical on every call, so a retried upload sends the same bytes. */
export async function* generateRecords(count: number, startMs: number): AsyncGenerator<Buffer> {
  const perChunk = 1000;
  for (let first = 0; first < count; first += perChunk) {
    let text = '';
    for (let index = first; index < Math.min(count, first + perChunk); index += 1) {
      const ts = new Date(startMs + index * 1000).toISOString();
      text += `{"type":"demo.reading","value":${index % 1000},"ts":"${ts}"}\n`;
    }
    yield Buffer.from(text);
  }
}
