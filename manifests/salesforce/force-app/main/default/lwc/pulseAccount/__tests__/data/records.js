// Records as Lightning Data Service hands them to the component: getRecord's record shape (a
// value and a display value per field) and the GraphQL wire adapter's Task connection.
const ACCOUNT_ID = '001000000000001AAA';

const PICKLISTS = new Set([
  'Pulse_Tier__c',
  'Pulse_Health_Band__c',
  'Pulse_Renewal_Stage__c',
  'Pulse_Handoff_Status__c',
]);

/** A record whose picklists are given as [value, label] and other fields as values. */
export function account(values) {
  const fields = {};
  for (const [name, given] of Object.entries(values)) {
    const [value, displayValue] = PICKLISTS.has(name) && Array.isArray(given) ? given : [given, null];
    fields[name] = { value, displayValue };
  }
  return { apiName: 'Account', id: ACCOUNT_ID, fields };
}

/** A scored Account in the watch band, with what each test changes. */
export function scoredAccount(overrides = {}) {
  return account({
    Pulse_Tier__c: ['growth', 'Growth'],
    Pulse_Health_Score__c: 71,
    Pulse_Health_Band__c: ['watch', 'Watch'],
    Pulse_Health_Trend__c: -6,
    Pulse_Health_Reasons__c: 'Health 71 watch | usage 62% 25/40 | meetings 90/120 min 23/30 | tickets 2 open 18/20 | NPS 10 6/10 | no login since 2026-10-30',
    Pulse_Churn_Signals__c: 'NO_LOGIN',
    Pulse_Renewal_Stage__c: ['upcoming', 'Upcoming'],
    Pulse_Handoff_Status__c: ['validated', 'Validated'],
    Pulse_Expansion_Candidate__c: false,
    Pulse_Scored_At__c: '2026-12-03T09:00:00.000Z',
    Contract_End_Date__c: '2027-02-28',
    ...overrides,
  });
}

/** The GraphQL answer for open crm-pulse tasks. */
export function taskData(tasks) {
  return {
    uiapi: {
      query: {
        Task: {
          edges: tasks.map((t) => ({
            node: {
              Id: t.Id,
              Subject: { value: t.Subject },
              ActivityDate: { value: t.ActivityDate },
              Pulse_Task_Kind__c: { value: t.kind[0], displayValue: t.kind[1] },
            },
          })),
        },
      },
    },
  };
}
