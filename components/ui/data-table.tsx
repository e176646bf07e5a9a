import type { ComponentProps, ReactNode } from 'react';

import { cn } from './cn';
import { ScrollArea } from './scroll-area';

/** A column header: its text, or an object to hide the text visually or style the header cell. */
export type DataTableColumn = string | { label: string; srOnly?: boolean; className?: string };

/**
 * The bordered, horizontally scrolling list table of the dashboard screens. The caption is for screen
 * readers (and gives the table its accessible name); the rows are the children, inside the <tbody>.
 */
export function DataTable({
  caption,
  columns,
  compact = false,
  className,
  children,
}: {
  caption: string;
  columns: DataTableColumn[];
  /** Tighter header cells, for tables that must fit many columns beside the sidebar. */
  compact?: boolean;
  /** Extra classes on the scrolling wrapper (e.g. to hide the table on narrow screens). */
  className?: string;
  children: ReactNode;
}) {
  return (
    // `relative` makes the wrapper the containing block of the cells' sr-only labels (absolutely
    // positioned): otherwise one in a scrolled-off column sits past the page's edge and widens a phone's page.
    <ScrollArea
      label={caption}
      className={cn('relative rounded-lg border border-slate-200 bg-white shadow-xs', className)}
    >
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs tracking-wide text-slate-600 uppercase">
          <tr>
            {columns.map((column) => {
              const {
                label,
                srOnly,
                className: thClass,
              } = typeof column === 'string'
                ? { label: column, srOnly: false, className: undefined }
                : column;
              return (
                <th
                  key={label}
                  scope="col"
                  className={cn(compact ? 'px-3 py-3' : 'px-4 py-3', 'font-semibold', thClass)}
                >
                  {srOnly ? <span className="sr-only">{label}</span> : label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </ScrollArea>
  );
}

/** A body cell with the table's usual padding. */
export function Td({ className, ...props }: ComponentProps<'td'>) {
  return <td className={cn('px-4 py-3', className)} {...props} />;
}
