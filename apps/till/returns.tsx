/**
 * Return an order of any channel at this till (`POST /v1/orders/{id}/returns`): the order comes from the
 * shopper looked up (their recent orders) or by its id; the cashier picks units, restock or damaged, and
 * the refund method. Restocked units go back on this store's shelf.
 */
import { useEffect, useState } from 'preact/hooks';
import { apiClient, call, type Schemas } from '../shared/api';
import { money } from '../shared/money';
import { navigate } from '../shared/route';
import type { Session } from '../shared/session';
import { Loading, ProblemView, TableHead, useAction } from '../shared/ui';
import { reaching } from './connection';

type Order = Schemas['Order'];
type Disposition = 'restock' | 'damaged';

export interface ReturnsProps {
  session: Session;
  orderId: string | undefined;
  /** Orders the till already has (the looked-up shopper's), so a till at another store can return them. */
  known: Order[];
  /** Product titles, from the till's catalog pack. */
  titleOf: (sku: string) => string | undefined;
}

const newReturnId = () => `ret-${crypto.randomUUID()}`;

export function Returns({ session, orderId, known, titleOf }: ReturnsProps) {
  const [typed, setTyped] = useState(orderId ?? '');
  const [order, setOrder] = useState<Order>();
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [dispositions, setDispositions] = useState<Record<string, Disposition>>({});
  const [refundMethod, setRefundMethod] = useState<'original' | 'store_credit'>('original');
  const [reason, setReason] = useState('');
  const [result, setResult] = useState<Schemas['Return']>();
  // One id per return attempt: resending after a lost answer is the same return.
  const [returnId, setReturnId] = useState(newReturnId);
  const load = useAction();
  const submit = useAction();
  const client = apiClient(session.token);

  useEffect(() => {
    setTyped(orderId ?? '');
    setResult(undefined);
    setQuantities({});
    if (!orderId) return setOrder(undefined);
    const have = known.find((candidate) => candidate.id === orderId);
    if (have) return setOrder(have);
    setOrder(undefined);
    void load
      .run(() => reaching(call(client.GET('/v1/orders/{id}', { params: { path: { id: orderId } } }))))
      .then((found) => found && setOrder(found));
  }, [orderId]);

  const find = (event: Event) => {
    event.preventDefault();
    if (typed.trim()) navigate('returns', typed.trim());
  };

  const send = async (event: Event) => {
    event.preventDefault();
    if (!order) return;
    const lines = order.lines
      .filter((line) => (quantities[line.sku] ?? 0) > 0)
      .map((line) => ({
        sku: line.sku,
        quantity: quantities[line.sku] ?? 0,
        disposition: dispositions[line.sku] ?? ('restock' as const),
      }));
    if (lines.length === 0) return;
    const body: Schemas['ReturnRequest'] = { returnId, lines, refundMethod, ...(reason.trim() && { reason }) };
    const done = await submit.run(() =>
      reaching(call(client.POST('/v1/orders/{id}/returns', { params: { path: { id: order.id } }, body }))),
    );
    if (done) {
      setResult(done);
      setReturnId(newReturnId());
      setQuantities({});
    }
  };

  return (
    <section aria-labelledby="returns-title">
      <h1 id="returns-title">Returns</h1>
      <form class="card row" onSubmit={find} aria-label="Find an order">
        <label class="grow">
          Order id
          <input name="order" value={typed} autoComplete="off" onInput={(e) => setTyped(e.currentTarget.value)} />
        </label>
        <button type="submit">Find order</button>
      </form>
      {load.pending && <Loading label="Loading the order…" />}
      {load.error && <ProblemView error={load.error} />}
      {order && (
        <form class="card" onSubmit={send} aria-labelledby="return-order-title">
          <h2 id="return-order-title">
            Order {order.number}{' '}
            <span class="muted">
              ({order.channel}, {order.status.replace(/_/g, ' ')})
            </span>
          </h2>
          <table aria-label="Order lines">
            <TableHead columns={['Item', 'Bought', { label: 'Paid', num: true }, 'Return', 'Condition']} />
            <tbody>
              {order.lines.map((line) => (
                <tr key={line.sku}>
                  <td>
                    {titleOf(line.sku) ?? line.sku}
                    <br />
                    <span class="muted">{line.sku}</span>
                  </td>
                  <td>{line.quantity}</td>
                  <td class="num">{money(line.lineTotal, order.currency)}</td>
                  <td>
                    <label class="visually-hidden" for={`return-${line.sku}`}>
                      Units of {line.sku} to return
                    </label>
                    <input
                      id={`return-${line.sku}`}
                      type="number"
                      min={0}
                      max={line.quantity}
                      value={quantities[line.sku] ?? 0}
                      onInput={(e) =>
                        setQuantities({ ...quantities, [line.sku]: Math.max(0, Number(e.currentTarget.value) || 0) })
                      }
                    />
                  </td>
                  <td>
                    <label class="visually-hidden" for={`condition-${line.sku}`}>
                      Condition of {line.sku}
                    </label>
                    <select
                      id={`condition-${line.sku}`}
                      value={dispositions[line.sku] ?? 'restock'}
                      onChange={(e) =>
                        setDispositions({ ...dispositions, [line.sku]: e.currentTarget.value as Disposition })
                      }
                    >
                      <option value="restock">Back on the shelf</option>
                      <option value="damaged">Damaged</option>
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <fieldset>
            <legend>Refund to</legend>
            <label class="choice">
              <input
                type="radio"
                name="refund"
                checked={refundMethod === 'original'}
                onChange={() => setRefundMethod('original')}
              />
              The original payment
            </label>
            <label class="choice">
              <input
                type="radio"
                name="refund"
                checked={refundMethod === 'store_credit'}
                onChange={() => setRefundMethod('store_credit')}
              />
              Store credit
            </label>
          </fieldset>
          <label>
            Reason (optional)
            <input name="reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          </label>
          {submit.error && <ProblemView error={submit.error} />}
          <button
            type="submit"
            class="primary"
            disabled={submit.pending || !Object.values(quantities).some((count) => count > 0)}
          >
            {submit.pending ? 'Returning…' : 'Return selected items'}
          </button>
        </form>
      )}
      {result && order && (
        <section class="card receipt" role="status" aria-labelledby="return-done-title">
          <h2 id="return-done-title">Returned</h2>
          <p>
            Refunded <strong data-testid="refund-total">{money(result.refundTotal, order.currency)}</strong> (
            {result.refunds.map((refund) => `${refund.method} ${money(refund.amount, order.currency)}`).join(', ')})
            {result.loyaltyPointsReversed > 0 && <>; {result.loyaltyPointsReversed} points reversed</>}.
          </p>
        </section>
      )}
    </section>
  );
}
