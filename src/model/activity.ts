// Canonical activities and deals: what the scoring rules read from an account's history.
import { z } from 'zod';
import { instant } from './dates.ts';
import { between, MAX_MONEY } from './numbers.ts';

/**
 * The longest meeting or call crm-pulse believes: a day. A longer one is a data error (an end date
 * on the wrong day, seconds logged as milliseconds). It is rejected, not clamped: clamping would
 * credit a full day of talking and lift engagement to 100 on a typo, hiding a risk, while a
 * rejected duration can only understate it, and the admin is told which record to correct.
 */
export const MAX_MEETING_MINUTES = 24 * 60;

const base = { id: z.string().nullish(), ownerId: z.string().nullish() };

export const MeetingSchema = z.object({
  ...base,
  type: z.literal(['meeting', 'call']),
  at: instant,
  durationMinutes: between(0, MAX_MEETING_MINUTES, ' minutes (24 hours)'),
});

export const MessageSchema = z.object({ ...base, type: z.literal(['email', 'note']), at: instant });

export const TicketSchema = z.object({
  ...base,
  type: z.literal('ticket'),
  createdAt: instant,
  status: z.enum(['open', 'closed']),
  priority: z.string().nullish(),
  /** When a closed ticket was closed, where the CRM says: the backtest's "tickets as they stood". */
  closedAt: instant.nullish(),
});

export const ActivitySchema = z.discriminatedUnion('type', [MeetingSchema, MessageSchema, TicketSchema]);
export type Activity = z.output<typeof ActivitySchema>;
export type Ticket = z.output<typeof TicketSchema>;

export const DealSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().nullish(),
    ownerId: z.string().nullish(),
    amount: between(-MAX_MONEY, MAX_MONEY).nullish(),
    won: z.boolean(),
    closedAt: instant.nullish(),
  })
  .refine((d) => !d.won || d.closedAt != null, { message: 'a won deal needs closedAt', path: ['closedAt'] });
export type Deal = z.output<typeof DealSchema>;
