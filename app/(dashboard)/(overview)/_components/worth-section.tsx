'use client';

import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { DataTable, Td } from '@/components/ui/data-table';
import { Segmented } from '@/components/ui/segmented';
import type { OverviewBasis, OverviewResponse } from '@/lib/validations/overview';
import { bucketName, formatCount, formatMoney, formatMoneyShort } from '../format';
import { ChartCard } from './chart-card';
import { SERIES_COLORS } from './chart-types';
import { Figures } from './figures';
import { LinesChart } from './lazy-charts';

const BASIS_OPTIONS: ReadonlyArray<{ value: OverviewBasis; label: string }> = [
  { value: 'event', label: 'Event date' },
  { value: 'sent', label: 'Send date' },
];

type Worth = OverviewResponse['worth'];

/** PURCHASE revenue per currency (never added across currencies), orders, carts and the products bought. */
export function WorthSection({
  data,
  onBasis,
}: {
  data: OverviewResponse;
  onBasis: (basis: OverviewBasis) => void;
}) {
  const { worth } = data;
  const nothing =
    worth.currencies.length === 0 &&
    worth.ordersWithoutCurrency === 0 &&
    worth.cartsPerDay.every((d) => d.carts === 0 && d.purchases === 0);
  return (
    <section aria-labelledby="worth-title" className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h2 id="worth-title" className="text-lg font-semibold text-slate-900">
            What the events are worth
          </h2>
          <p className="max-w-3xl text-sm text-slate-600">
            {data.basis === 'event'
              ? 'Purchases and carts on the day they happened, so imported past orders show on their own days.'
              : 'Purchases and carts on the day the console sent them to SALESmanago.'}
          </p>
        </div>
        <Segmented
          legend="Count by"
          showLegend
          options={BASIS_OPTIONS}
          value={data.basis}
          onChange={onBasis}
        />
      </div>
      {nothing ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600">
          No purchases or carts in this period.
        </p>
      ) : (
        <>
          {worth.ordersWithoutCurrency > 0 ? (
            <p className="text-sm text-slate-700">
              {formatCount(worth.ordersWithoutCurrency)}{' '}
              {worth.ordersWithoutCurrency === 1 ? 'order has' : 'orders have'} no currency: counted as
              orders, not added to any revenue. Name the integration&apos;s currency detail (for example
              detail9 = Currency) in Send event to count their value.
            </p>
          ) : null}
          <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
            {worth.currencies.map((c, i) => (
              <CurrencyCard key={c.currency} currency={c} color={SERIES_COLORS[i % SERIES_COLORS.length]!} />
            ))}
            <CartsCard worth={worth} />
            <TopProducts products={worth.topProducts} />
          </div>
        </>
      )}
    </section>
  );
}

function CurrencyCard({ currency: c, color }: { currency: Worth['currencies'][number]; color: string }) {
  const money = (n: number) => formatMoney(n, c.currency);
  return (
    <ChartCard
      level={3}
      title={`Revenue in ${c.currency}`}
      figures={
        <Figures
          items={[
            { label: 'Revenue', value: money(c.revenue) },
            { label: 'Orders', value: formatCount(c.orders) },
            {
              label: 'Average order',
              value: c.averageOrderValue === null ? '—' : money(c.averageOrderValue),
            },
          ]}
        />
      }
      series={[{ key: 'revenue', label: `Revenue (${c.currency})`, color }]}
      height={180}
      table={{
        caption: `Revenue in ${c.currency} per day`,
        columns: ['Day', `Revenue (${c.currency})`, 'Orders'],
        rows: c.perDay.map((d) => ({
          key: d.label,
          cells: [
            { value: d.label, text: bucketName(d.label, true) },
            { value: d.revenue, text: money(d.revenue) },
            { value: d.orders, text: formatCount(d.orders) },
          ],
        })),
      }}
      chart={
        <LinesChart
          rows={c.perDay.map((d) => ({ label: d.label, revenue: d.revenue }))}
          series={[{ key: 'revenue', label: 'Revenue', color }]}
          summary={`Revenue in ${c.currency} per day: ${money(c.revenue)} from ${formatCount(c.orders)} orders.`}
          xName={(label) => bucketName(label)}
          xLongName={(label) => bucketName(label, true)}
          yFormat={(n) => formatMoneyShort(n, c.currency)}
          height={180}
        />
      }
    />
  );
}

const CART_SERIES = [
  { key: 'carts', label: 'Carts', color: '#d97706' },
  { key: 'purchases', label: 'Purchases', color: '#16a34a' },
];

function CartsCard({ worth }: { worth: Worth }) {
  const carts = worth.cartsPerDay.reduce((n, d) => n + d.carts, 0);
  const purchases = worth.cartsPerDay.reduce((n, d) => n + d.purchases, 0);
  return (
    <ChartCard
      level={3}
      title="Carts and purchases"
      figures={
        <Figures
          items={[
            { label: 'Carts', value: formatCount(carts) },
            { label: 'Purchases', value: formatCount(purchases) },
            {
              label: 'Purchases per cart',
              // Not a share: purchases can come without a cart event, so it may pass 1.
              value: worth.cartToPurchase === null ? '—' : worth.cartToPurchase.toFixed(2),
            },
          ]}
        />
      }
      series={CART_SERIES}
      height={180}
      table={{
        caption: 'Carts and purchases per day',
        columns: ['Day', 'Carts', 'Purchases'],
        rows: worth.cartsPerDay.map((d) => ({
          key: d.label,
          cells: [
            { value: d.label, text: bucketName(d.label, true) },
            { value: d.carts, text: formatCount(d.carts) },
            { value: d.purchases, text: formatCount(d.purchases) },
          ],
        })),
      }}
      chart={
        <LinesChart
          rows={worth.cartsPerDay}
          series={CART_SERIES}
          summary={`${formatCount(carts)} carts and ${formatCount(purchases)} purchases in this period.`}
          allowDecimals={false}
          xName={(label) => bucketName(label)}
          xLongName={(label) => bucketName(label, true)}
          height={180}
        />
      }
    />
  );
}

function TopProducts({ products }: { products: Worth['topProducts'] }) {
  return (
    <Card>
      <CardHeader
        level={3}
        title="Top products"
        description="Bought most often in this period, from the orders' products."
      />
      <CardBody>
        {products.length === 0 ? (
          <p className="text-sm text-slate-600">No order named its products.</p>
        ) : (
          <DataTable
            caption="Top products"
            columns={['Product', { label: 'Orders', className: 'text-right' }]}
            compact
          >
            {products.map((p) => (
              <tr key={p.product}>
                <Td className="px-3 py-2 font-mono text-xs break-all text-slate-800">{p.product}</Td>
                <Td className="px-3 py-2 text-right tabular-nums">{formatCount(p.count)}</Td>
              </tr>
            ))}
          </DataTable>
        )}
      </CardBody>
    </Card>
  );
}
