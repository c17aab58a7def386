/** Pieces both webhook pages show: a subscription's state, a delivery's state, an event's name. */
import type { ReactElement } from 'react';
import type { TOk } from '../../api/types';
import { Badge } from '../../components/Badge';
import { useT, type TT } from '../../lib/i18n';

export type TSubscriptionRow = TOk<'/webhook-subscriptions', 'get'>['items'][number];
export type TSubscription = TOk<'/webhook-subscriptions/{id}', 'get'>;
export type TDelivery = TOk<'/webhook-subscriptions/{id}/deliveries', 'get'>['items'][number];
export type TDeliveryStatus = TDelivery['status'];

/** "lead.created" → "A lead is created" (console.webhooks.event.lead_created), else the type itself. */
export function eventLabel(t: TT, type: string): string {
  const key = `webhooks.event.${type.replace(/\./g, '_')}`;
  return t.translator.has(`console.${key}`) ? t(key) : type;
}

export function SubscriptionStatus(props: { status: TSubscription['status'] }): ReactElement {
  const t = useT();
  return <Badge value={props.status} label={t(`webhooks.status.${props.status}`)} />;
}

export function DeliveryStatus(props: { status: TDeliveryStatus }): ReactElement {
  const t = useT();
  return <Badge value={props.status} label={t(`webhooks.delivery.${props.status}`)} />;
}
