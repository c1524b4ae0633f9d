// The crm-pulse card as a CSM sees it, from what Lightning Data Service hands it: nothing yet, an
// error, each health band, the churn signals, renewal and handoff, and the open crm-pulse tasks.
import { createElement } from 'lwc';
import PulseAccount from 'c/pulseAccount';
import { getRecord } from 'lightning/uiRecordApi';
import { graphql } from 'lightning/uiGraphQLApi';
import { account, scoredAccount, taskData } from './data/records';

const ACCOUNT_ID = '001000000000001AAA';

function mount(props = {}) {
  const element = createElement('c-pulse-account', { is: PulseAccount });
  Object.assign(element, { recordId: ACCOUNT_ID, ...props });
  document.body.appendChild(element);
  return element;
}

const flush = () => Promise.resolve();
const $ = (element, id) => element.shadowRoot.querySelector(`[data-id="${id}"]`);
const text = (element, id) => $(element, id)?.textContent.trim();

afterEach(() => {
  while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  jest.useRealTimers();
});

describe('c-pulse-account', () => {
  it('asks LDS for every Pulse field and the configured contract end date field, and for this Account’s open tasks', async () => {
    mount({ contractEndField: 'Renewal_Date__c' });
    await flush();
    const config = getRecord.getLastConfig();
    expect(config.recordId).toBe(ACCOUNT_ID);
    expect(config.fields.map((f) => f.fieldApiName).sort()).toEqual([
      'Pulse_Churn_Signals__c',
      'Pulse_Expansion_Candidate__c',
      'Pulse_Handoff_Status__c',
      'Pulse_Health_Band__c',
      'Pulse_Health_Reasons__c',
      'Pulse_Health_Score__c',
      'Pulse_Health_Trend__c',
      'Pulse_Renewal_Stage__c',
      'Pulse_Scored_At__c',
      'Pulse_Tier__c',
    ]);
    // Optional: a field that does not exist, or that the viewer cannot read, leaves the card working.
    expect(config.optionalFields).toEqual(['Account.Renewal_Date__c']);
    expect(graphql.getLastConfig().variables).toEqual({ accountId: ACCOUNT_ID });
  });

  it('reads the contract end date from Contract_End_Date__c unless the page says otherwise', async () => {
    mount();
    await flush();
    expect(getRecord.getLastConfig().optionalFields).toEqual(['Account.Contract_End_Date__c']);
  });

  it('shows a clear empty state before the first score', async () => {
    const element = mount();
    getRecord.emit(account({ Pulse_Tier__c: null }));
    await flush();
    expect(text(element, 'not-scored')).toContain('Not scored yet');
    expect($(element, 'score')).toBeNull();
    expect($(element, 'tasks')).toBeNull();
    expect($(element, 'scored-at')).toBeNull();
  });

  it('says which permission set to ask for when the fields cannot be read', async () => {
    const element = mount();
    getRecord.error({ message: "No such column 'Pulse_Tier__c' on entity 'Account'" });
    await flush();
    expect(text(element, 'error')).toContain('Crm_Pulse_Viewer');
    expect(text(element, 'error')).toContain("No such column 'Pulse_Tier__c'");
    expect($(element, 'not-scored')).toBeNull();
  });

  it.each([
    ['healthy', 'Healthy', 86, 'slds-theme_success'],
    ['watch', 'Watch', 71, 'slds-theme_warning'],
    ['at_risk', 'At risk', 42, 'slds-theme_error'],
  ])('shows the %s band with its score, colour and the one-line why', async (band, label, score, theme) => {
    const element = mount();
    getRecord.emit(scoredAccount({ Pulse_Health_Band__c: [band, label], Pulse_Health_Score__c: score, Pulse_Health_Reasons__c: `Health ${score} ${band} | usage 90% 36/40` }));
    await flush();
    expect(text(element, 'score')).toBe(String(score));
    expect(text(element, 'band')).toBe(label);
    expect($(element, 'band').className).toBe(`slds-badge ${theme}`);
    expect(text(element, 'why')).toBe(`Health ${score} ${band} | usage 90% 36/40`);
    expect($(element, 'insufficient')).toBeNull();
  });

  it('shows insufficient data as an empty health state with the why, and the rest of the card', async () => {
    const element = mount();
    getRecord.emit(
      scoredAccount({
        Pulse_Health_Band__c: ['insufficient_data', 'Insufficient data'],
        Pulse_Health_Score__c: null,
        Pulse_Health_Trend__c: null,
        Pulse_Health_Reasons__c: 'Health n/a insufficient_data | usage n/a | meetings 0/60 min 0/30 | tickets 0 open 20/20 | NPS n/a | login unknown',
      }),
    );
    await flush();
    expect(text(element, 'insufficient')).toContain('Not enough data for a health score');
    expect(text(element, 'why')).toBe('Health n/a insufficient_data | usage n/a | meetings 0/60 min 0/30 | tickets 0 open 20/20 | NPS n/a | login unknown');
    expect($(element, 'score')).toBeNull();
    expect($(element, 'band')).toBeNull();
    expect($(element, 'trend')).toBeNull();
    expect(text(element, 'tier')).toBe('Growth');
    expect(text(element, 'renewal')).toBe('Upcoming');
  });

  it.each([
    [12, '▲ 12 points in 30 days', 'slds-text-color_success'],
    [-18, '▼ 18 points in 30 days', 'slds-text-color_error'],
    [0, 'No change in 30 days', 'slds-text-color_weak'],
    [null, 'No score from 30 days ago to compare', 'slds-text-color_weak'],
  ])('shows a trend of %s as "%s"', async (trend, shown, colour) => {
    const element = mount();
    getRecord.emit(scoredAccount({ Pulse_Health_Trend__c: trend }));
    await flush();
    expect(text(element, 'trend')).toBe(shown);
    expect($(element, 'trend').className).toBe(colour);
  });

  it('shows every churn signal that fired, in words, and "None" when none did', async () => {
    const element = mount();
    getRecord.emit(scoredAccount({ Pulse_Churn_Signals__c: 'NO_LOGIN;TICKETS_RISING;NPS_DROP;HEALTH_DROP' }));
    await flush();
    const badges = [...element.shadowRoot.querySelectorAll('[data-signal]')];
    expect(badges.map((b) => [b.dataset.signal, b.textContent])).toEqual([
      ['NO_LOGIN', 'No recent login'],
      ['TICKETS_RISING', 'Tickets rising'],
      ['NPS_DROP', 'NPS drop'],
      ['HEALTH_DROP', 'Health drop'],
    ]);
    expect(badges[0].title).toBe('No product login for 30 days or more');

    getRecord.emit(scoredAccount({ Pulse_Churn_Signals__c: null }));
    await flush();
    expect(element.shadowRoot.querySelectorAll('[data-signal]')).toHaveLength(0);
    expect(text(element, 'signals')).toBe('None');
  });

  it('shows the renewal stage with the contract end date, and says when there is no date', async () => {
    const element = mount();
    getRecord.emit(scoredAccount({ Pulse_Renewal_Stage__c: ['due', 'Due'], Contract_End_Date__c: '2027-01-15' }));
    await flush();
    expect(text(element, 'renewal')).toBe('Due');
    expect($(element, 'renewal').className).toBe('slds-badge slds-theme_error');
    expect(text(element, 'contract-end')).toBe('Contract ends Jan 15, 2027');

    getRecord.emit(scoredAccount({ Pulse_Renewal_Stage__c: ['unknown', 'Unknown'], Contract_End_Date__c: null }));
    await flush();
    expect(text(element, 'renewal')).toBe('Unknown');
    expect($(element, 'renewal').className).toBe('slds-badge');
    expect(text(element, 'contract-end')).toBe('No contract end date');
  });

  it('shows the handoff status and the expansion flag', async () => {
    const element = mount();
    getRecord.emit(scoredAccount({ Pulse_Handoff_Status__c: ['overdue', 'Overdue'], Pulse_Expansion_Candidate__c: true }));
    await flush();
    expect(text(element, 'handoff')).toBe('Overdue');
    expect($(element, 'handoff').className).toBe('slds-badge slds-theme_error');
    expect(text(element, 'expansion')).toBe('Expansion candidate');

    getRecord.emit(scoredAccount({ Pulse_Handoff_Status__c: null, Pulse_Expansion_Candidate__c: false }));
    await flush();
    expect(text(element, 'handoff')).toBe('No handoff');
    expect(text(element, 'expansion')).toBe('Not an expansion candidate');
  });

  it('stacks its columns in a narrow page region and sets them side by side elsewhere', async () => {
    const element = mount({ flexipageRegionWidth: 'SMALL' });
    getRecord.emit(scoredAccount());
    await flush();
    expect($(element, 'health-column').className).toBe('slds-col slds-size_1-of-1');

    element.flexipageRegionWidth = 'LARGE';
    await flush();
    expect($(element, 'health-column').className).toBe('slds-col slds-size_1-of-1 slds-medium-size_2-of-3');
  });

  it('shows when the values were written, in the viewer’s time zone', async () => {
    const element = mount();
    getRecord.emit(scoredAccount({ Pulse_Scored_At__c: '2026-12-03T17:30:00.000Z' }));
    await flush();
    // The test runner's viewer is in America/Los_Angeles.
    expect(text(element, 'scored-at')).toBe('Scored Dec 3, 2026, 9:30 AM');
  });

  it('lists the open crm-pulse tasks with their kind and due date, overdue ones marked', async () => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] }).setSystemTime(new Date('2026-12-03T20:00:00Z'));
    const element = mount();
    getRecord.emit(scoredAccount());
    graphql.emit(
      taskData([
        { Id: '00T000000000001AAA', Subject: 'Advisor call-back: NO_LOGIN', ActivityDate: '2026-12-01', kind: ['rescue', 'Rescue'] },
        { Id: '00T000000000002AAA', Subject: 'Renewal re-survey: contract ends 2027-01-15', ActivityDate: '2026-12-03', kind: ['renewal', 'Renewal'] },
        { Id: '00T000000000003AAA', Subject: 'Sales-to-CSM handoff checklist: Acme renewal 2026', ActivityDate: null, kind: ['handoff', 'Handoff'] },
      ]),
    );
    await flush();
    const rows = [...element.shadowRoot.querySelectorAll('[data-task]')];
    expect(rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent.trim()))).toEqual([
      ['Advisor call-back: NO_LOGIN', 'Rescue', 'Dec 1, 2026'],
      ['Renewal re-survey: contract ends 2027-01-15', 'Renewal', 'Dec 3, 2026'],
      ['Sales-to-CSM handoff checklist: Acme renewal 2026', 'Handoff', 'No due date'],
    ]);
    expect(rows[0].querySelector('a').getAttribute('href')).toBe('/lightning/r/Task/00T000000000001AAA/view');
    expect(rows.map((r) => r.querySelector('[data-id="due"]').className)).toEqual(['slds-text-color_error', '', '']);
    expect(element.shadowRoot.querySelector('h3.slds-text-title_caps').textContent).toBe('Open crm-pulse tasks (3)');
  });

  it('says when there are no open crm-pulse tasks, and when they could not be read', async () => {
    const element = mount();
    getRecord.emit(scoredAccount());
    graphql.emit(taskData([]));
    await flush();
    expect(text(element, 'tasks')).toBe('No open crm-pulse tasks.');

    graphql.emitErrors([{ message: 'No such column Pulse_Task_Key__c on Task' }]);
    await flush();
    expect(text(element, 'tasks-error')).toBe('The open tasks could not be read: No such column Pulse_Task_Key__c on Task');
  });
});
