import { useMemo, useState } from 'preact/hooks';
import { apiClient } from '../shared/api';
import { money } from '../shared/money';
import type { Session } from '../shared/session';
import { Show, TableHead, useAsync } from '../shared/ui';
import { DayChart, type ChartSeries } from './chart';
import { CHANNEL_LABELS, percent, today, type Channel } from './format';
import { lastWeek, readKpiSeries, type Bucket, type KpiSeries, type Kpis } from './kpi-series';

// Four colours apart in hue and each at AA contrast on white, plus a dash each: colour is never the only cue.
const CHANNEL_STYLE: Record<Channel, { color: string; dash?: number[] }> = {
  web: { color: '#0b5cad' },
  app: { color: '#1d6b35', dash: [8, 4] },
  kiosk: { color: '#8a5300', dash: [2, 3] },
  pos: { color: '#a4201b', dash: [12, 3, 3, 3] },
};
const SHARE_RANGE: [number, number] = [0, 1];

export function KpiScreen({ session }: { session: Session }) {
  const client = apiClient(session.token);
  const [draft, setDraft] = useState<Bucket>(() => lastWeek(today()));
  const [range, setRange] = useState<Bucket>(draft);
  const series = useAsync(() => readKpiSeries(client, range.from, range.to), [range.from, range.to]);
  const submit = (event: Event) => {
    event.preventDefault();
    setRange({ ...draft });
    if (draft.from === range.from && draft.to === range.to) series.reload();
  };
  return (
    <section aria-labelledby="kpi-title">
      <h1 id="kpi-title">KPIs</h1>
      <form class="card filters" aria-label="Date range" onSubmit={submit}>
        <label>
          From
          <input
            type="date"
            required
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })}
          />
        </label>
        <label>
          To
          <input
            type="date"
            required
            value={draft.to}
            onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })}
          />
        </label>
        <button type="submit" class="primary" disabled={series.loading}>
          {series.loading ? 'Loading…' : 'Show'}
        </button>
      </form>
      <Show value={series} label="Loading the KPIs…">
        {(data) => <KpiView data={data} />}
      </Show>
    </section>
  );
}

const dayLabel = ({ from, to }: Bucket) => (from === to ? from : `${from} – ${to}`);

function KpiView({ data }: { data: KpiSeries }) {
  const { range, points } = data;
  const currency = range.currency;
  const channels = range.channels.map((row) => row.channel);
  // Memoized with the data: a new array would redraw the charts on every render (and drop the cursor).
  const days = useMemo(() => points.map((point) => point.bucket.from), [data]);
  const formatMoney = useMemo(() => (value: number) => money(Math.round(value), currency), [currency]);
  const revenueSeries = useMemo<ChartSeries[]>(
    () =>
      channels.map((channel) => ({
        label: CHANNEL_LABELS[channel],
        values: points.map((point) => revenueOf(point.kpis, channel)),
        ...CHANNEL_STYLE[channel],
      })),
    [data],
  );
  const shareSeries = useMemo<ChartSeries[]>(
    () => [
      { label: 'Pickup share', values: points.map((point) => point.kpis.pickupShare), color: '#0b5cad' },
      {
        label: 'Return rate',
        values: points.map((point) => point.kpis.returnRate),
        color: '#a4201b',
        dash: [8, 4],
      },
    ],
    [data],
  );
  return (
    <>
      <h2 class="visually-hidden">Figures for the range</h2>
      <dl class="figures">
        <Figure name="Orders" value={String(range.totals.orders)} />
        <Figure name="Revenue" value={money(range.totals.revenue, currency)} />
        <Figure name="Average order" value={money(range.totals.averageOrderValue, currency)} />
        <Figure name="Refunds" value={money(range.totals.refunds, currency)} />
        <Figure name="Pickup share" value={percent(range.pickupShare)} />
        <Figure name="Return rate" value={percent(range.returnRate)} />
        <Figure name="Cart abandonment" value={percent(range.cartAbandonmentRate)} />
        <Figure name="Cross-channel customers" value={String(range.crossChannelCustomers)} />
      </dl>
      <div class="charts">
        <DayChart title="Revenue per channel" days={days} series={revenueSeries} format={formatMoney} />
        <DayChart
          title="Pickup share and return rate"
          days={days}
          series={shareSeries}
          format={percentAxis}
          range={SHARE_RANGE}
        />
      </div>
      <div class="table-wrap card">
        <table aria-label="By channel">
          <TableHead
            columns={[
              'Channel',
              { label: 'Orders', num: true },
              { label: 'Revenue', num: true },
              { label: 'Average order', num: true },
              { label: 'Units sold', num: true },
              { label: 'Units returned', num: true },
              { label: 'Refunds', num: true },
            ]}
          />
          <tbody>
            {range.channels.map((row) => (
              <tr key={row.channel} data-channel={row.channel}>
                <th scope="row">{CHANNEL_LABELS[row.channel]}</th>
                <td class="num">{row.orders}</td>
                <td class="num">{money(row.revenue, currency)}</td>
                <td class="num">{money(row.averageOrderValue, currency)}</td>
                <td class="num">{row.unitsSold}</td>
                <td class="num">{row.unitsReturned}</td>
                <td class="num">{money(row.refunds, currency)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-channel="total">
              <th scope="row">All channels</th>
              <td class="num">{range.totals.orders}</td>
              <td class="num">{money(range.totals.revenue, currency)}</td>
              <td class="num">{money(range.totals.averageOrderValue, currency)}</td>
              <td class="num">{range.channels.reduce((units, row) => units + row.unitsSold, 0)}</td>
              <td class="num">{range.channels.reduce((units, row) => units + row.unitsReturned, 0)}</td>
              <td class="num">{money(range.totals.refunds, currency)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      <div class="table-wrap card">
        <table aria-label="By day">
          <caption>The charts’ figures</caption>
          <TableHead
            columns={[
              'Day',
              ...channels.map((channel) => ({ label: `${CHANNEL_LABELS[channel]} revenue`, num: true })),
              { label: 'Pickup share', num: true },
              { label: 'Return rate', num: true },
            ]}
          />
          <tbody>
            {points.map(({ bucket, kpis }) => (
              <tr key={bucket.from}>
                <th scope="row">{dayLabel(bucket)}</th>
                {channels.map((channel) => (
                  <td key={channel} class="num">
                    {money(revenueOf(kpis, channel), currency)}
                  </td>
                ))}
                <td class="num">{percent(kpis.pickupShare)}</td>
                <td class="num">{percent(kpis.returnRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

const revenueOf = (kpis: Kpis, channel: Channel) => kpis.channels.find((row) => row.channel === channel)?.revenue ?? 0;
const percentAxis = (share: number) => `${Math.round(share * 100)}%`;

function Figure({ name, value }: { name: string; value: string }) {
  return (
    <div class="figure card">
      <dt>{name}</dt>
      <dd>{value}</dd>
    </div>
  );
}
