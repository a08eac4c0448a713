// Run a saved Look and summarise it.
// Looker calls: look, run_look.
// input: { lookId: "1", limit?: 20 }
const look = await looker.look({ look_id: input.lookId, fields: 'id,title,query' });
const rows = await looker.run_look({ look_id: input.lookId, result_format: 'json', limit: input.limit ?? 20 });
const columns = rows.length ? Object.keys(rows[0]) : [];
return { title: look.title, rows: rows.length, columns, first: rows[0] ?? null };
