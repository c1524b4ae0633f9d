// The portal's deal and ticket pipelines: HubSpot's default Sales Pipeline, a custom Renewals
// pipeline with its own numeric stage ids (as every custom pipeline has), and the Support
// pipeline. Closed-won is a stage with isClosed "true" and probability "1.0"; ticket stages say
// OPEN or CLOSED in ticketState.

interface Stage {
  id: string;
  label: string;
  displayOrder: number;
  metadata: Record<string, string>;
}

interface Pipeline {
  id: string;
  label: string;
  displayOrder: number;
  stages: Stage[];
}

const dealStage = (id: string, label: string, probability: string, closed: boolean, order: number): Stage => ({ id, label, displayOrder: order, metadata: { isClosed: String(closed), probability } });
const ticketStage = (id: string, label: string, state: 'OPEN' | 'CLOSED', order: number): Stage => ({ id, label, displayOrder: order, metadata: { ticketState: state, isClosed: String(state === 'CLOSED') } });

export const SALES_OPEN_STAGES = ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent'] as const;

export const PIPELINES: Record<'deals' | 'tickets', Pipeline[]> = {
  deals: [
    {
      id: 'default',
      label: 'Sales Pipeline',
      displayOrder: 0,
      stages: [
        ...SALES_OPEN_STAGES.map((id, i) => dealStage(id, id, ['0.2', '0.4', '0.6', '0.8', '0.9'][i]!, false, i)),
        dealStage('closedwon', 'Closed won', '1.0', true, 5),
        dealStage('closedlost', 'Closed lost', '0.0', true, 6),
      ],
    },
    {
      id: '87654321',
      label: 'Renewals',
      displayOrder: 1,
      stages: [dealStage('87654322', 'Renewal due', '0.5', false, 0), dealStage('87654323', 'Renewed', '1.0', true, 1), dealStage('87654324', 'Churned', '0.0', true, 2)],
    },
  ],
  tickets: [
    {
      id: '0',
      label: 'Support Pipeline',
      displayOrder: 0,
      stages: [ticketStage('1', 'New', 'OPEN', 0), ticketStage('2', 'Waiting on contact', 'OPEN', 1), ticketStage('3', 'Waiting on us', 'OPEN', 2), ticketStage('4', 'Closed', 'CLOSED', 3)],
    },
  ],
};

/** The pipeline and stage of a deal in the sandbox's terms. */
export function dealStageOf(pipeline: 'sales' | 'renewals', state: 'won' | 'lost' | 'open', step: number): { pipeline: string; dealstage: string } {
  if (pipeline === 'renewals') return { pipeline: '87654321', dealstage: state === 'won' ? '87654323' : state === 'lost' ? '87654324' : '87654322' };
  return { pipeline: 'default', dealstage: state === 'won' ? 'closedwon' : state === 'lost' ? 'closedlost' : SALES_OPEN_STAGES[Math.min(step, 4)]! };
}
