// Canonical activities and deals: what the scoring rules read from an account's history.
import { z } from 'zod';
import { instant } from './dates.ts';

const base = { id: z.string().nullish(), ownerId: z.string().nullish() };

export const MeetingSchema = z.object({
  ...base,
  type: z.literal(['meeting', 'call']),
  at: instant,
  durationMinutes: z.number().finite().min(0, 'duration cannot be negative'),
});

export const MessageSchema = z.object({ ...base, type: z.literal(['email', 'note']), at: instant });

export const TicketSchema = z.object({
  ...base,
  type: z.literal('ticket'),
  createdAt: instant,
  status: z.enum(['open', 'closed']),
  priority: z.string().nullish(),
});

export const ActivitySchema = z.discriminatedUnion('type', [MeetingSchema, MessageSchema, TicketSchema]);
export type Activity = z.output<typeof ActivitySchema>;
export type Ticket = z.output<typeof TicketSchema>;

export const DealSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().nullish(),
    ownerId: z.string().nullish(),
    amount: z.number().finite().nullish(),
    won: z.boolean(),
    closedAt: instant.nullish(),
  })
  .refine((d) => !d.won || d.closedAt != null, { message: 'a won deal needs closedAt', path: ['closedAt'] });
export type Deal = z.output<typeof DealSchema>;
