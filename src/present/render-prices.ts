// Stored prices (`prices show`, `prices pull`) as a table, JSON, markdown or CSV: one row a priced item.
import { alignColumns, csvRows, mdTable } from "./format.js";

export interface PriceRow {
  item: string;
  origin: string;
  sku: string;
  price: string;
  asOf: string;
  note: string;
}

const HEAD = ["item", "source", "sku", "price", "as of", "note"];
const cells = (r: PriceRow) => [r.item, r.origin, r.sku, r.price, r.asOf, r.note];

export const renderPricesTable = (rows: readonly PriceRow[]) => alignColumns([HEAD, ...rows.map(cells)]).join("\n") + "\n";
export const renderPricesJson = (rows: readonly PriceRow[]) => JSON.stringify(rows, null, 2) + "\n";
export const renderPricesMarkdown = (rows: readonly PriceRow[]) => mdTable(HEAD, rows.map(cells)) + "\n";
export const renderPricesCsv = (rows: readonly PriceRow[]) => csvRows([["item", "origin", "sku", "price", "asOf", "note"], ...rows.map(cells)]);
