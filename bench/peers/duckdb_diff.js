// DuckDB peer for the release diff and the export (npm @duckdb/node-api).
// usage: node duckdb_diff.js except OLD.csv NEW.csv THREADS
//          rows of OLD not in NEW and of NEW not in OLD (EXCEPT ALL both ways)
//        node duckdb_diff.js join OLD.csv NEW.csv THREADS
//          added, removed and changed records by event_id_cnty (a full join
//          comparing every column)
//        node duckdb_diff.js copy IN.csv OUT THREADS csv|json
//          read_csv, then COPY to CSV or newline-delimited JSON
const { DuckDBInstance } = require('@duckdb/node-api');
(async () => {
  const [mode, a, b, th = '2', fmt = 'csv'] = process.argv.slice(2);
  const inst = await DuckDBInstance.create(':memory:', { threads: String(th) });
  const con = await inst.connect();
  const q = (s) => s.replace(/'/g, "''");
  const src = (f) => `read_csv('${q(f)}', header = true, all_varchar = true)`;
  if (mode === 'except') {
    const r = await con.runAndReadAll(`SELECT
      (SELECT count(*) FROM (SELECT * FROM ${src(a)} EXCEPT ALL SELECT * FROM ${src(b)})),
      (SELECT count(*) FROM (SELECT * FROM ${src(b)} EXCEPT ALL SELECT * FROM ${src(a)}))`);
    console.log(r.getRows()[0].map(Number).join(','));
  } else if (mode === 'join') {
    const r = await con.runAndReadAll(`SELECT
      count(*) FILTER (WHERE o.event_id_cnty IS NULL),
      count(*) FILTER (WHERE n.event_id_cnty IS NULL),
      count(*) FILTER (WHERE o.event_id_cnty IS NOT NULL AND n.event_id_cnty IS NOT NULL
                       AND o IS DISTINCT FROM n)
      FROM ${src(a)} o FULL JOIN ${src(b)} n USING (event_id_cnty)`);
    console.log(r.getRows()[0].map(Number).join(','));
  } else {
    const opt = fmt === 'json' ? "(FORMAT json)" : "(HEADER, DELIMITER ',')";
    await con.run(`COPY (SELECT * FROM read_csv('${q(a)}', header = true)) TO '${q(b)}' ${opt}`);
  }
})().catch((e) => { console.error(e); process.exit(1); });
