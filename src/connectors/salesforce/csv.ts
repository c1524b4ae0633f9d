// Reads the CSV of Bulk API 2.0 query results (RFC 4180: comma-separated, fields quoted when
// needed, quotes doubled, LF line endings) into records keyed by the header row. An empty field is
// an empty string, which the mapping reads as "no data".
// https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_job_results.htm
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new SyntaxError('the CSV ends inside a quoted field');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...data] = rows;
  if (!header) return [];
  return data.map((values) => {
    if (values.length !== header.length) throw new SyntaxError(`a CSV row has ${values.length} fields, the header ${header.length}`);
    return Object.fromEntries(header.map((name, i) => [name, values[i]!]));
  });
}
