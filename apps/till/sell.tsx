/**
 * Ring up a sale: scan (type) SKUs, set quantities, take cash or card, show the change and the receipt.
 * Online, the engine prices the basket (`POST /v1/price-quotes` as the till, channel pos) and the sale is
 * recorded at once (`POST /v1/pos/sales`); offline, the basket is priced from the cached catalog pack and
 * the sale, with each line's charged `unitAmount`, waits in the queue (queue.ts).
 */
import { useRef, useState } from 'preact/hooks';
import { apiClient, call, type Schemas } from '../shared/api';
import { money } from '../shared/money';
import type { Session } from '../shared/session';
import { Loading, ProblemView, TableHead, useAction, useAsync } from '../shared/ui';
import { reaching, type Connection } from './connection';
import { packUnitAmount, productTitle, type PackState } from './pack';
import type { Queue, SyncResult } from './queue';
import type { SaleRequest } from './store';

type Customer = Schemas['Customer360'];
type Tender = 'card' | 'cash';

interface BasketLine {
  sku: string;
  quantity: number;
}

/** A basket as the till shows it: each line priced, and the total. */
interface Priced {
  lines: { sku: string; quantity: number; unitAmount: number; discount: number; lineTotal: number }[];
  total: number;
  currency: string;
}

type Receipt =
  | { kind: 'recorded'; order: Schemas['Order'] }
  | { kind: 'queued'; sale: SaleRequest; priced: Priced; changeDue: number };

export interface SellProps {
  session: Session;
  connection: Connection;
  pack: PackState;
  queue: Queue;
  customer: Customer | undefined;
  onDetach: () => void;
}

const newSaleId = () => `sale-${crypto.randomUUID()}`;

export function Sell({ session, connection, pack, queue, customer, onDetach }: SellProps) {
  const [lines, setLines] = useState<BasketLine[]>([]);
  const [sku, setSku] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [tender, setTender] = useState<Tender>('card');
  const [cashGiven, setCashGiven] = useState('');
  const [scanProblem, setScanProblem] = useState<string>();
  const [receipt, setReceipt] = useState<Receipt>();
  // One id and one time per sale until it is recorded or queued, so a retry after a lost answer sends the
  // same body and is the same sale (a different body under the id would be refused as a reuse).
  const [saleId, setSaleId] = useState(newSaleId);
  const occurredAt = useRef<string | undefined>(undefined);
  const action = useAction();
  const currency = pack.pack?.currency ?? 'USD';

  const quote = useAsync<Priced | undefined>(async () => {
    if (lines.length === 0 || !connection.online) return undefined;
    const answer = await reaching(
      call(apiClient(session.token).POST('/v1/price-quotes', { body: { currency, lines } })),
    );
    return { lines: answer.lines, total: answer.totals.total, currency: answer.currency };
  }, [JSON.stringify(lines), connection.online, currency]);

  const offlinePriced = connection.online ? undefined : priceFromPack(lines);
  const priced = connection.online ? quote.data : offlinePriced?.priced;
  const total = priced?.total ?? 0;
  const cash = Math.round(Number(cashGiven || '0') * 100);
  const changeDue = tender === 'cash' ? cash - total : 0;

  function priceFromPack(basket: BasketLine[]): { priced?: Priced; missing: string[] } {
    if (!pack.pack) return { missing: basket.map((line) => line.sku) };
    const now = new Date();
    const missing: string[] = [];
    const priced = basket.map((line) => {
      const unitAmount = packUnitAmount(pack.pack!, line.sku, line.quantity, now, null);
      if (unitAmount === null) missing.push(line.sku);
      const amount = unitAmount ?? 0;
      return { ...line, unitAmount: amount, discount: 0, lineTotal: amount * line.quantity };
    });
    const sum = priced.reduce((acc, line) => acc + line.lineTotal, 0);
    return { priced: { lines: priced, total: sum, currency: pack.pack.currency }, missing };
  }

  const addLine = (event: Event) => {
    event.preventDefault();
    const code = sku.trim().toUpperCase();
    const count = Number(quantity);
    setScanProblem(undefined);
    if (!code) return;
    if (!Number.isInteger(count) || count < 1 || count > 999) {
      setScanProblem('Quantity must be a whole number from 1 to 999.');
      return;
    }
    if (pack.pack && !productTitle(pack.pack, code)) {
      setScanProblem(`${code} is not in this store's catalog.`);
      return;
    }
    setLines((current) => {
      const existing = current.find((line) => line.sku === code);
      return existing
        ? current.map((line) => (line.sku === code ? { ...line, quantity: line.quantity + count } : line))
        : [...current, { sku: code, quantity: count }];
    });
    setReceipt(undefined);
    setSku('');
    setQuantity('1');
  };

  const setLineQuantity = (code: string, next: number) =>
    setLines((current) =>
      next <= 0
        ? current.filter((line) => line.sku !== code)
        : current.map((line) => (line.sku === code ? { ...line, quantity: Math.min(next, 999) } : line)),
    );

  const payments = (amountDue: number): SaleRequest['payments'] =>
    tender === 'card' ? [{ tender: 'card', amount: amountDue }] : [{ tender: 'cash', amount: cash }];

  const finish = () => {
    setLines([]);
    setCashGiven('');
    setSaleId(newSaleId());
    occurredAt.current = undefined;
    onDetach();
  };

  const complete = async (event: Event, cardAmount?: number) => {
    event.preventDefault();
    if (!priced || lines.length === 0) return;
    if (tender === 'cash' && cash < total) {
      setScanProblem(`Cash given is less than the total ${money(total, currency)}.`);
      return;
    }
    occurredAt.current ??= new Date().toISOString();
    const customerId = customer?.id;
    if (!connection.online) {
      const fromPack = priceFromPack(lines);
      if (!fromPack.priced || fromPack.missing.length > 0) {
        setScanProblem(`No price in the cached catalog for ${fromPack.missing.join(', ')}.`);
        return;
      }
      const sale: SaleRequest = {
        saleId,
        occurredAt: occurredAt.current,
        lines: fromPack.priced.lines.map(({ sku: code, quantity: count, unitAmount }) => ({
          sku: code,
          quantity: count,
          unitAmount,
        })),
        payments: payments(fromPack.priced.total),
        offline: true,
        currency: fromPack.priced.currency,
        ...(pack.pack && { catalogVersion: pack.pack.version }),
        ...(customerId && { customerId }),
      };
      await queue.enqueue(sale);
      setReceipt({ kind: 'queued', sale, priced: fromPack.priced, changeDue });
      finish();
      return;
    }
    const body: SaleRequest = {
      saleId,
      occurredAt: occurredAt.current,
      lines,
      payments: payments(cardAmount ?? total),
      currency,
      ...(customerId && { customerId }),
    };
    const order = await action.run(() => reaching(call(apiClient(session.token).POST('/v1/pos/sales', { body }))));
    if (order) {
      setReceipt({ kind: 'recorded', order });
      finish();
    }
  };

  const mismatch = action.error?.problem.code === 'payment_mismatch' ? action.error.problem : undefined;
  const expectedTotal = typeof mismatch?.expectedTotal === 'number' ? mismatch.expectedTotal : undefined;

  return (
    <div class="till-sell">
      <section class="card" aria-labelledby="basket-title">
        <h1 id="basket-title">Sale</h1>
        {customer && (
          <p class="row">
            <span>
              Customer: <strong>{customer.name ?? customer.email ?? customer.id}</strong>
            </span>
            <button type="button" class="link" onClick={onDetach}>
              Remove customer
            </button>
          </p>
        )}
        <form class="row scan" onSubmit={addLine} aria-label="Add an item">
          <label class="grow">
            SKU
            <input
              name="sku"
              value={sku}
              list="till-products"
              autoComplete="off"
              autoFocus
              onInput={(e) => setSku(e.currentTarget.value)}
            />
          </label>
          <label class="narrow">
            Quantity
            <input
              name="quantity"
              type="number"
              min={1}
              max={999}
              value={quantity}
              onInput={(e) => setQuantity(e.currentTarget.value)}
            />
          </label>
          <button type="submit">Add</button>
        </form>
        <datalist id="till-products">
          {pack.pack?.products.map((product) => (
            <option key={product.sku} value={product.sku}>
              {product.title}
            </option>
          ))}
        </datalist>
        {scanProblem && (
          <p class="problem" role="alert">
            {scanProblem}
          </p>
        )}
        {lines.length === 0 ? (
          <p class="muted">Scan or type a SKU to start a sale.</p>
        ) : (
          <table aria-label="Basket">
            <TableHead columns={['Item', 'Quantity', { label: 'Price', num: true }, { label: 'Total', num: true }]} />
            <tbody>
              {lines.map((line) => {
                const row = priced?.lines.find((candidate) => candidate.sku === line.sku);
                const title = productTitle(pack.pack, line.sku) ?? line.sku;
                return (
                  <tr key={line.sku}>
                    <td>
                      {title}
                      <br />
                      <span class="muted">{line.sku}</span>
                    </td>
                    <td>
                      <div class="row stepper">
                        <button
                          type="button"
                          aria-label={`One fewer ${title}`}
                          onClick={() => setLineQuantity(line.sku, line.quantity - 1)}
                        >
                          −
                        </button>
                        <span aria-label={`Quantity of ${title}`}>{line.quantity}</span>
                        <button
                          type="button"
                          aria-label={`One more ${title}`}
                          onClick={() => setLineQuantity(line.sku, line.quantity + 1)}
                        >
                          +
                        </button>
                        <button type="button" class="link" onClick={() => setLineQuantity(line.sku, 0)}>
                          Remove <span class="visually-hidden">{title}</span>
                        </button>
                      </div>
                    </td>
                    <td class="num">{row ? money(row.unitAmount, currency) : '…'}</td>
                    <td class="num">
                      {row ? money(row.lineTotal, currency) : '…'}
                      {row && row.discount > 0 && (
                        <>
                          <br />
                          <span class="muted">−{money(row.discount, currency)} off</span>
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {connection.online && quote.loading && lines.length > 0 && <Loading label="Pricing…" />}
        {connection.online && quote.error && <ProblemView error={quote.error} onRetry={quote.reload} />}
        {!connection.online && offlinePriced && offlinePriced.missing.length > 0 && (
          <p class="problem" role="alert">
            No price in the cached catalog for {offlinePriced.missing.join(', ')}.
          </p>
        )}
      </section>

      <section class="card" aria-labelledby="pay-title">
        <h2 id="pay-title">Payment</h2>
        <p class="total">
          Total <strong data-testid="sale-total">{money(total, currency)}</strong>
          {!connection.online && <span class="muted"> (cached prices)</span>}
        </p>
        <form onSubmit={complete}>
          <fieldset>
            <legend>Tender</legend>
            {(['card', 'cash'] as const).map((option) => (
              <label key={option} class="choice">
                <input
                  type="radio"
                  name="tender"
                  value={option}
                  checked={tender === option}
                  onChange={() => setTender(option)}
                />
                {option === 'card' ? 'Card' : 'Cash'}
              </label>
            ))}
          </fieldset>
          {tender === 'cash' && (
            <>
              <label>
                Cash given ({currency})
                <input
                  name="cash"
                  inputMode="decimal"
                  value={cashGiven}
                  placeholder="0.00"
                  onInput={(e) => setCashGiven(e.currentTarget.value)}
                />
              </label>
              <p>
                Change due <strong data-testid="change-due">{money(Math.max(changeDue, 0), currency)}</strong>
              </p>
            </>
          )}
          {action.error && <ProblemView error={action.error} />}
          {tender === 'card' && expectedTotal !== undefined && (
            // The engine priced the sale for the attached shopper (their group) differently from the quote.
            <button type="button" onClick={(event) => void complete(event, expectedTotal)}>
              Charge {money(expectedTotal, currency)} by card
            </button>
          )}
          <button
            type="submit"
            class="primary"
            disabled={action.pending || lines.length === 0 || !priced || (connection.online && quote.loading)}
          >
            {action.pending ? 'Recording…' : connection.online ? 'Complete sale' : 'Complete sale offline'}
          </button>
        </form>
      </section>

      {receipt && <ReceiptView receipt={receipt} pack={pack} synced={queue.results} />}
    </div>
  );
}

function ReceiptView({ receipt, pack, synced }: { receipt: Receipt; pack: PackState; synced?: SyncResult[] }) {
  if (receipt.kind === 'queued') {
    const { sale, priced, changeDue } = receipt;
    const result = synced?.find((candidate) => candidate.saleId === sale.saleId);
    return (
      <section class="card receipt" aria-labelledby="receipt-title" role="status">
        <h2 id="receipt-title">Queued offline</h2>
        <p>
          Sale <code>{sale.saleId}</code>{' '}
          {result
            ? `was uploaded: ${result.status}${result.orderId ? `, order ${result.orderId}` : ''}.`
            : 'is saved on this till and will be recorded when it is back online.'}
        </p>
        <ReceiptLines lines={priced.lines} currency={priced.currency} pack={pack} />
        <p>
          Total <strong>{money(priced.total, priced.currency)}</strong>
          {changeDue > 0 && <> · change {money(changeDue, priced.currency)}</>}
        </p>
      </section>
    );
  }
  const { order } = receipt;
  return (
    <section class="card receipt" aria-labelledby="receipt-title" role="status">
      <h2 id="receipt-title">
        Receipt <span data-testid="receipt-number">{order.receipt?.number ?? order.number}</span>
      </h2>
      <ReceiptLines lines={order.lines} currency={order.currency} pack={pack} />
      <p>
        Total <strong>{money(order.totals.total, order.currency)}</strong>
        {order.totals.discount > 0 && <> (saved {money(order.totals.discount, order.currency)})</>}
      </p>
      <p>
        Paid {order.payments.map((payment) => `${payment.tender} ${money(payment.amount, order.currency)}`).join(', ')}
        {order.sale && order.sale.changeDue > 0 && <> · change {money(order.sale.changeDue, order.currency)}</>}
      </p>
      {order.flags.length > 0 && <p class="muted">Flags: {order.flags.join(', ')}</p>}
    </section>
  );
}

function ReceiptLines({
  lines,
  currency,
  pack,
}: {
  lines: { sku: string; quantity: number; lineTotal: number }[];
  currency: string;
  pack: PackState;
}) {
  return (
    <ul class="receipt-lines" aria-label="Receipt lines">
      {lines.map((line) => (
        <li key={line.sku}>
          <span>
            {line.quantity} × {productTitle(pack.pack, line.sku) ?? line.sku}
          </span>
          <span>{money(line.lineTotal, currency)}</span>
        </li>
      ))}
    </ul>
  );
}
