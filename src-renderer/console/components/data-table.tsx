// A list shown as a table that scrolls sideways on a narrow screen: column headers (scope
// "col", figures right-aligned) over the rows the page renders.
import type { ReactNode } from 'react';

/** A column's header: its label, or numCol(label) for a column of figures. */
export type Column = string | { readonly label: string; readonly num: true };

export function numCol(label: string): Column {
  return { label, num: true };
}

export function DataTable({ testId, columns, children }: { testId: string; columns: readonly Column[]; children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c, i) =>
              typeof c === 'string' ? (
                <th key={i} scope="col">
                  {c}
                </th>
              ) : (
                <th key={i} scope="col" className="num">
                  {c.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
