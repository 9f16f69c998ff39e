import { it } from 'vitest';
import { loadEngine, openDatabase } from '../../src/store/sqlite';
import { importFile } from '../../src/store/importer';
it('x', async () => {
  const SQL = await loadEngine('/work/main/node_modules/sql.js/dist/sql-wasm.wasm');
  const db = openDatabase(SQL);
  console.log(await importFile(db, '/tmp/t/a.csv', {}));
  console.log(await importFile(db, '/tmp/t/a.csv', {}));
  console.log(JSON.stringify(db.exec('select * from events; select * from users; select * from agents')));
});
