// Preloaded into the language server (`node --require`): the longest time its main thread could not turn its
// event loop (perf_hooks.monitorEventLoopDelay). SIGUSR2 writes the figures since the last signal to
// $TG_LOOP_STATS_FILE and starts a new window. The lint worker thread inherits --require: it measures nothing.
const { isMainThread } = require('worker_threads');
if (isMainThread && process.env.TG_LOOP_STATS_FILE) {
  const fs = require('fs');
  const { monitorEventLoopDelay } = require('perf_hooks');
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  process.on('SIGUSR2', () => {
    const ms = (ns) => ns / 1e6;
    const stats = { maxMs: ms(histogram.max), p99Ms: ms(histogram.percentile(99)), meanMs: ms(histogram.mean), samples: histogram.count };
    fs.writeFileSync(process.env.TG_LOOP_STATS_FILE, JSON.stringify(stats));
    histogram.reset();
  });
}
