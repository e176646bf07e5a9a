// Preloaded into the console by the history benchmark on PostgreSQL (node --import, through NODE_OPTIONS):
// records the SQL the console sends through `pg`, so the benchmark can time each case's own statements
// run directly through the same driver (its raw-SQL floor, issue 17 item 7) without a second copy of the
// data layer's query building. Off until the process gets SIGUSR2 (the benchmark sends it around one
// warm-up request), so the timed requests pay one boolean check per query and nothing else.
// Each recorded query is one JSON line in BENCH_SQL_LOG: { text, values, rowMode }.
import fs from 'node:fs';
import pg from 'pg';

const file = process.env.BENCH_SQL_LOG;
let recording = false;
if (file) {
  // SIGUSR2 toggles the recording; SIGUSR1 is Node's debugger signal.
  process.on('SIGUSR2', () => {
    recording = !recording;
    fs.appendFileSync(file, `${JSON.stringify({ recording })}\n`);
  });
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function recorded(config, values, callback) {
    if (recording) {
      const text = typeof config === 'string' ? config : config?.text;
      const params = Array.isArray(values) ? values : config?.values;
      if (typeof text === 'string')
        fs.appendFileSync(
          file,
          `${JSON.stringify({ text, values: params ?? [], rowMode: config?.rowMode })}\n`,
        );
    }
    return query.call(this, config, values, callback);
  };
}
