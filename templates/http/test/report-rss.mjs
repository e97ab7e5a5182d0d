// Test-only preload (`node --import ./test/report-rss.mjs`): the process reports its own
// resident memory and its memory outside the V8 heap (Buffers, ArrayBuffers) on stderr every
// 20 ms, so the large-upload test can watch both on any OS.
setInterval(() => {
  const { rss, external } = process.memoryUsage();
  process.stderr.write(`rss ${rss} external ${external}\n`);
}, 20).unref();
