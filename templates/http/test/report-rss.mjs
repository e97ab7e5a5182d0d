// Test-only preload (`node --import ./test/report-rss.mjs`): the process reports its own
// resident memory on stderr every 20 ms, so the large-upload test can watch it on any OS.
setInterval(() => process.stderr.write(`rss ${process.memoryUsage.rss()}\n`), 20).unref();
