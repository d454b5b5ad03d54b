/**
 * The order tables are copied in: a table after every table its foreign keys name, so each row's parent is
 * already there when it arrives; alphabetical among equals, so every move copies in the same order. A table
 * naming itself (none today) needs no order among tables.
 */
export function copyOrder(tables: readonly string[], references: readonly { table: string; references: string }[]): string[] {
  const waitsFor = new Map(tables.map((table) => [table, new Set<string>()]));
  for (const { table, references: parent } of references) {
    if (table !== parent && waitsFor.has(parent)) waitsFor.get(table)?.add(parent);
  }
  const order: string[] = [];
  while (waitsFor.size > 0) {
    const ready = [...waitsFor].filter(([, parents]) => parents.size === 0).map(([table]) => table).sort();
    if (ready.length === 0) throw new Error(`the tables ${[...waitsFor.keys()].sort().join(', ')} reference each other in a circle: no order copies them`);
    for (const table of ready) {
      order.push(table);
      waitsFor.delete(table);
    }
    for (const parents of waitsFor.values()) for (const table of ready) parents.delete(table);
  }
  return order;
}
