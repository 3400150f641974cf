/**
 * Pickups waiting at this store (`GET /v1/pos/orders?status=placed|ready_for_pickup`): mark an order ready,
 * and hand it over against its code. Scanning the shopper's pass (the QR's text, pasted or from a scanner
 * that types) checks its signature against the published key (`GET /v1/pickup-passes/jwks.json`, kept for
 * offline use) and finds the order and its code.
 */
import { decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { apiClient, call, type Schemas } from '../shared/api';
import { money } from '../shared/money';
import type { Session } from '../shared/session';
import { ProblemView, Show, useAction, useAsync } from '../shared/ui';
import { reaching } from './connection';

type Order = Schemas['Order'];
interface Pass {
  orderId: string;
  orderNumber: string;
  locationId: string;
  pickupCode: string;
}

const PASS_TYPE = 'aisle-pickup-pass+jwt';
const KEYS_KEY = 'aisle.till.passKeys';

async function passKeys(): Promise<JWK[]> {
  try {
    const { keys } = await call(apiClient().GET('/v1/pickup-passes/jwks.json'));
    localStorage.setItem(KEYS_KEY, JSON.stringify(keys));
    return keys as JWK[];
  } catch (failure) {
    // Offline: the keys this till fetched before.
    const kept = localStorage.getItem(KEYS_KEY);
    if (kept) return JSON.parse(kept) as JWK[];
    throw failure;
  }
}

/** The pass's claims once its signature checks out; throws a readable Error otherwise. */
async function readPass(text: string): Promise<Pass> {
  const token = text.trim();
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    throw new Error('That is not a pickup pass.');
  }
  const key = (await passKeys()).find((candidate) => candidate.kid === kid);
  if (!key) throw new Error('The pass is signed with a key this till does not know.');
  try {
    const { payload } = await jwtVerify(token, await importJWK(key, 'EdDSA'), {
      typ: PASS_TYPE,
      algorithms: ['EdDSA'],
    });
    return {
      orderId: String(payload.sub),
      orderNumber: String(payload.ord),
      locationId: String(payload.loc),
      pickupCode: String(payload.code),
    };
  } catch {
    throw new Error('The pass is not valid (its signature does not match, or it has expired).');
  }
}

export function Pickups({ session }: { session: Session }) {
  const client = apiClient(session.token);
  const queue = useAsync(async () => {
    const [placed, ready] = await Promise.all([
      reaching(call(client.GET('/v1/pos/orders', { params: { query: { status: 'placed' } } }))),
      reaching(call(client.GET('/v1/pos/orders', { params: { query: { status: 'ready_for_pickup' } } }))),
    ]);
    return { placed: placed.orders, ready: ready.orders };
  }, [session.token]);
  const [passText, setPassText] = useState('');
  const [pass, setPass] = useState<Pass>();
  const [passProblem, setPassProblem] = useState<string>();
  const [done, setDone] = useState<string>();
  const action = useAction();

  const scan = async (event: Event) => {
    event.preventDefault();
    setPass(undefined);
    setPassProblem(undefined);
    try {
      const read = await readPass(passText);
      if (read.locationId !== session.loc) setPassProblem(`This pass is for pickup at ${read.locationId}.`);
      else setPass(read);
    } catch (failure) {
      setPassProblem(failure instanceof Error ? failure.message : 'The pass could not be read.');
    }
  };

  const markReady = async (order: Pick<Order, 'id' | 'number'>) => {
    const updated = await action.run(() =>
      reaching(call(client.POST('/v1/orders/{id}/ready', { params: { path: { id: order.id } } }))),
    );
    if (updated) {
      setDone(`Order ${updated.number} is ready for pickup.`);
      queue.reload();
    }
  };

  const handOver = async (order: Pick<Order, 'id' | 'number'>, pickupCode: string) => {
    const updated = await action.run(() =>
      reaching(
        call(
          client.POST('/v1/orders/{id}/pickup', {
            params: { path: { id: order.id } },
            body: { pickupCode: pickupCode.trim() },
          }),
        ),
      ),
    );
    if (updated) {
      setDone(`Order ${updated.number} handed over.`);
      setPass(undefined);
      setPassText('');
      queue.reload();
    }
  };

  const all = [...(queue.data?.ready ?? []), ...(queue.data?.placed ?? [])];
  const scanned = pass && all.find((order) => order.id === pass.orderId);

  return (
    <section aria-labelledby="pickups-title">
      <h1 id="pickups-title">Pickups</h1>
      <form class="card" onSubmit={scan} aria-label="Scan a pickup pass">
        <label>
          Pickup pass (scan the QR code or paste its text)
          <textarea
            name="pass"
            rows={2}
            value={passText}
            spellcheck={false}
            onInput={(e) => setPassText(e.currentTarget.value)}
          />
        </label>
        <button type="submit">Check pass</button>
        {passProblem && (
          <p class="problem" role="alert">
            {passProblem}
          </p>
        )}
        {pass && (
          <div class="pass" role="status">
            <p>
              Valid pass for order <strong>{pass.orderNumber}</strong>
              {scanned ? ` (${scanned.status.replace(/_/g, ' ')})` : ' (not waiting here)'}.
            </p>
            {scanned?.status === 'placed' && (
              <button type="button" onClick={() => void markReady(scanned)} disabled={action.pending}>
                Mark ready
              </button>
            )}
            {scanned?.status === 'ready_for_pickup' && (
              <button
                type="button"
                class="primary"
                onClick={() => void handOver(scanned, pass.pickupCode)}
                disabled={action.pending}
              >
                Hand over order {pass.orderNumber}
              </button>
            )}
          </div>
        )}
      </form>
      {action.error && <ProblemView error={action.error} />}
      {done && (
        <p class="notice" role="status">
          {done}
        </p>
      )}
      <Show value={queue} label="Loading the store's pickups…">
        {({ placed, ready }) => (
          <div class="columns">
            <PickupList
              title="Ready, waiting for the shopper"
              orders={ready}
              action={(order) => <HandOverForm order={order} pending={action.pending} onHandOver={handOver} />}
            />
            <PickupList
              title="To prepare"
              orders={placed}
              action={(order) => (
                <button type="button" onClick={() => void markReady(order)} disabled={action.pending}>
                  Mark ready <span class="visually-hidden">order {order.number}</span>
                </button>
              )}
            />
          </div>
        )}
      </Show>
    </section>
  );
}

function PickupList({
  title,
  orders,
  action,
}: {
  title: string;
  orders: Order[];
  action: (order: Order) => ComponentChildren;
}) {
  return (
    <section class="card" aria-label={title}>
      <h2>{title}</h2>
      {orders.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <ul class="pickups">
          {orders.map((order) => (
            <li key={order.id}>
              <p>
                <strong>{order.number}</strong> · {order.fulfillment.type}
                {order.fulfillment.arrivedAt && (
                  <span class="status low_stock">
                    outside{order.fulfillment.spot ? `, spot ${order.fulfillment.spot}` : ''}
                  </span>
                )}
              </p>
              <p class="muted">
                {order.lines.map((line) => `${line.quantity} × ${line.sku}`).join(', ')} ·{' '}
                {money(order.totals.total, order.currency)}
              </p>
              {action(order)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function HandOverForm({
  order,
  pending,
  onHandOver,
}: {
  order: Order;
  pending: boolean;
  onHandOver: (order: Order, code: string) => Promise<void>;
}) {
  const [code, setCode] = useState('');
  return (
    <form
      class="row"
      onSubmit={(event) => {
        event.preventDefault();
        void onHandOver(order, code);
      }}
    >
      <label class="grow">
        Pickup code for {order.number}
        <input name="code" value={code} autoComplete="off" onInput={(e) => setCode(e.currentTarget.value)} />
      </label>
      <button type="submit" disabled={pending || !code.trim()}>
        Hand over
      </button>
    </form>
  );
}
