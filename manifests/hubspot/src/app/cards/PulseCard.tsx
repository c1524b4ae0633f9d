// The crm-pulse tab on a company record: tier, health score and band, the one-line why, the
// renewal stage and the open crm-pulse tasks. The data comes from the crm-pulse server through
// hubspot.fetch, which signs the request (X-HubSpot-Signature-v3) and adds portalId and userId;
// the server's origin must be listed in app-hsmeta.json permittedUrls.fetch.
import { useEffect, useState } from 'react';
import { Alert, DescriptionList, DescriptionListItem, Divider, EmptyState, Flex, List, LoadingSpinner, StatusTag, Text, hubspot } from '@hubspot/ui-extensions';

// Replace with CRM_PULSE_PUBLIC_URL before `hs project upload` (docs/hubspot.md, step 2).
const CRM_PULSE_URL = 'https://crm-pulse.example.com';

interface OpenTask {
  kind: 'renewal' | 'rescue' | 'handoff' | 'validation';
  subject: string;
  dueAt: string;
}

interface CardData {
  tier: string;
  healthScore: number | null;
  healthBand: 'healthy' | 'watch' | 'at_risk' | 'insufficient_data';
  why: string;
  renewalStage: 'none' | 'upcoming' | 'due' | 'overdue' | 'unknown';
  contractEnd: string | null;
  scoredAt: string | null;
  openTasks: OpenTask[];
}

type State = { status: 'loading' } | { status: 'ready'; data: CardData } | { status: 'not_scored' } | { status: 'error'; message: string };

const BAND_TAG = { healthy: 'success', watch: 'warning', at_risk: 'danger', insufficient_data: 'default' } as const;
const RENEWAL_TAG = { none: 'default', upcoming: 'warning', due: 'danger', overdue: 'danger', unknown: 'default' } as const;

// The card runs in HubSpot's sandbox: the answer is checked before use, so a server or version
// mismatch shows a message instead of a broken card.
function isCardData(value: unknown): value is CardData {
  const v = value as Partial<CardData> | null;
  return (
    typeof v === 'object' && v !== null && typeof v.tier === 'string' && typeof v.why === 'string' && typeof v.healthBand === 'string' && typeof v.renewalStage === 'string' && Array.isArray(v.openTasks)
  );
}

// The type argument is the card's location (pulse-card-hsmeta.json): without it the context is the
// union of every location's, and only the CRM record ones carry context.crm.
hubspot.extend<'crm.record.tab'>(({ context }) => <PulseCard companyId={String(context.crm.objectId)} />);

const PulseCard = ({ companyId }: { companyId: string }) => {
  const [state, setState] = useState<State>({ status: 'loading' });

  useEffect(() => {
    hubspot
      .fetch(`${CRM_PULSE_URL}/hubspot/card?companyId=${encodeURIComponent(companyId)}`, { timeout: 10_000 })
      .then(async (res) => {
        if (res.status === 404) return setState({ status: 'not_scored' });
        if (!res.ok) return setState({ status: 'error', message: `crm-pulse answered ${res.status}` });
        const body: unknown = await res.json();
        setState(isCardData(body) ? { status: 'ready', data: body } : { status: 'error', message: 'crm-pulse sent an answer this card does not understand; update the app' });
      })
      .catch(() => setState({ status: 'error', message: 'crm-pulse did not answer' }));
  }, [companyId]);

  if (state.status === 'loading') return <LoadingSpinner label="Loading crm-pulse scores" />;
  if (state.status === 'error') return <Alert title="crm-pulse is unavailable" variant="error">{state.message}</Alert>;
  if (state.status === 'not_scored') {
    return (
      <EmptyState title="Not scored yet" layout="vertical">
        <Text>crm-pulse scores this company on its next sync.</Text>
      </EmptyState>
    );
  }

  const { data } = state;
  return (
    <Flex direction="column" gap="sm">
      <DescriptionList direction="row">
        <DescriptionListItem label="Tier">
          <Text format={{ fontWeight: 'bold' }}>{data.tier}</Text>
        </DescriptionListItem>
        <DescriptionListItem label="Health">
          <StatusTag variant={BAND_TAG[data.healthBand] ?? 'default'}>
            {data.healthScore === null ? 'insufficient data' : `${data.healthScore} ${data.healthBand.replace('_', ' ')}`}
          </StatusTag>
        </DescriptionListItem>
        <DescriptionListItem label="Renewal">
          <StatusTag variant={RENEWAL_TAG[data.renewalStage] ?? 'default'}>
            {data.renewalStage}
            {data.contractEnd ? ` (ends ${data.contractEnd})` : ''}
          </StatusTag>
        </DescriptionListItem>
      </DescriptionList>
      <Text variant="microcopy">Why: {data.why}</Text>
      <Divider />
      {data.openTasks.length === 0 ? (
        <Text>No open crm-pulse tasks.</Text>
      ) : (
        <List variant="unordered-styled">
          {data.openTasks.map((t) => (
            <Text key={`${t.kind}:${t.subject}`}>
              {t.subject} (due {t.dueAt.slice(0, 10)})
            </Text>
          ))}
        </List>
      )}
      {data.scoredAt ? <Text variant="microcopy">Scored {data.scoredAt.slice(0, 10)}</Text> : null}
    </Flex>
  );
};
