// Renders the crm-pulse card in jsdom, as the unit tests do, for the docs screenshot: a scored
// Account with signals and tasks, and one not scored yet. Each render's DOM is written as an HTML
// fragment to PREVIEW_OUT, where scripts/screenshot.mjs puts it into a record page.
import { createElement } from 'lwc';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PulseAccount from 'c/pulseAccount';
import { getRecord } from 'lightning/uiRecordApi';
import { graphql } from 'lightning/uiGraphQLApi';
import { account, scoredAccount, taskData } from '../../force-app/main/default/lwc/pulseAccount/__tests__/data/records';

const out = process.env.PREVIEW_OUT;

async function render(name, record, tasks) {
  const element = createElement('c-pulse-account', { is: PulseAccount });
  element.recordId = '001000000000001AAA';
  document.body.appendChild(element);
  getRecord.emit(record);
  if (tasks) graphql.emit(tasks);
  await Promise.resolve();
  writeFileSync(join(out, `${name}.html`), element.shadowRoot.innerHTML);
  document.body.removeChild(element);
}

it('renders the card for the docs', async () => {
  expect(out).toBeTruthy();
  jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] }).setSystemTime(new Date('2026-12-03T17:00:00Z'));
  await render(
    'scored',
    scoredAccount({
      Pulse_Tier__c: ['strategic', 'Strategic'],
      Pulse_Health_Score__c: 54,
      Pulse_Health_Band__c: ['at_risk', 'At risk'],
      Pulse_Health_Trend__c: -17,
      Pulse_Health_Reasons__c: 'Health 54 at_risk | usage 38% 15/40 | meetings 95/240 min 12/30 | tickets 4 open (1 high), rising 5 vs 2 17/20 | NPS 20 6/10 | no login since 2026-10-28',
      Pulse_Churn_Signals__c: 'NO_LOGIN;TICKETS_RISING;HEALTH_DROP',
      Pulse_Renewal_Stage__c: ['upcoming', 'Upcoming'],
      Pulse_Handoff_Status__c: ['validated', 'Validated'],
      Contract_End_Date__c: '2027-02-26',
      Pulse_Scored_At__c: '2026-12-03T14:05:00.000Z',
    }),
    taskData([
      { Id: '00T000000000001AAA', Subject: 'Advisor call-back: at_risk (health 54), NO_LOGIN, TICKETS_RISING, HEALTH_DROP', ActivityDate: '2026-12-01', kind: ['rescue', 'Rescue'] },
      { Id: '00T000000000002AAA', Subject: 'Renewal re-survey: contract ends 2027-02-26', ActivityDate: '2026-12-10', kind: ['renewal', 'Renewal'] },
    ]),
  );
  await render('not-scored', account({ Pulse_Scored_At__c: null }));
});
