/** Renders the order ticket while the ticket store says it is open; mounted once by the shell. */
import type { ReactNode } from 'react';
import { OrderTicket } from './OrderTicket';
import { closeTicket, useTicket } from './ticket-store';

/** The ticket's mount point. */
export function OrderTicketHost(): ReactNode {
  const open = useTicket((s) => s.open);
  const symbol = useTicket((s) => s.symbol);
  const side = useTicket((s) => s.side);
  const seq = useTicket((s) => s.seq);
  if (!open) return null;
  return <OrderTicket key={seq} initialSymbol={symbol} initialSide={side} onClose={closeTicket} />;
}
