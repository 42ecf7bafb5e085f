// Runs third-party Node.js clients (npm `trino-client` and `presto-client`) against a running embedded server:
//   node run.js <trino-port> <presto-port>
// Exits non-zero unless every client reads the 25 nations of tpch.tiny.nation.
'use strict';
const { Trino, BasicAuth } = require('trino-client');
const presto = require('presto-client');

const SQL = 'SELECT * FROM tpch.tiny.nation';

async function viaTrinoClient(port) {
  const trino = Trino.create({ server: `http://127.0.0.1:${port}`, catalog: 'tpch', schema: 'tiny', auth: new BasicAuth('interop') });
  const iter = await trino.query(SQL);
  let columns = null;
  const rows = [];
  for await (const result of iter) {
    if (result.error) throw new Error(`trino-client: ${result.error.errorName}: ${result.error.message}`);
    if (result.columns && !columns) columns = result.columns.map(c => `${c.name}:${c.type}`);
    if (result.data) rows.push(...result.data);
  }
  return { client: 'trino-client', columns, rows };
}

function viaPrestoClient(port, engine) {
  return new Promise((resolve, reject) => {
    const client = new presto.Client({ host: '127.0.0.1', port, user: 'interop', engine, checkInterval: 10 });
    const rows = [];
    let columns = null;
    client.execute({
      query: SQL,
      catalog: 'tpch',
      schema: 'tiny',
      columns: (error, data) => { columns = data.map(c => `${c.name}:${c.type}`); },
      data: (error, data) => { rows.push(...data); },
      success: () => resolve({ client: `presto-client (engine=${engine})`, columns, rows }),
      error: (error) => reject(new Error(`presto-client (engine=${engine}): ${JSON.stringify(error)}`)),
    });
  });
}

(async () => {
  const [trinoPort, prestoPort] = process.argv.slice(2).map(Number);
  const results = [
    await viaTrinoClient(trinoPort),
    await viaPrestoClient(trinoPort, 'trino'),
    await viaPrestoClient(prestoPort, 'presto'),
  ];
  let ok = true;
  for (const r of results) {
    const names = r.rows.map(row => row[1]);
    console.log(`${r.client}: ${r.rows.length} rows; columns ${r.columns.join(', ')}; first ${JSON.stringify(r.rows[0])}; last ${JSON.stringify(r.rows[r.rows.length - 1])}`);
    if (r.rows.length !== 25 || !names.includes('GERMANY') || !names.includes('UNITED STATES')) {
      console.error(`${r.client}: expected the 25 nations`);
      ok = false;
    }
  }
  process.exit(ok ? 0 : 1);
})().catch(e => { console.error(e); process.exit(1); });
