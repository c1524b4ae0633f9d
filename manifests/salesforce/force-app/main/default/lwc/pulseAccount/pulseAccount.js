// The crm-pulse card of an Account record page: what crm-pulse wrote into the Pulse_* fields and
// the Account's open crm-pulse tasks. Both come through Lightning Data Service (getRecord and the
// GraphQL wire adapter of UI API), so the viewer's field-level security applies, the values stay
// in step with the rest of the page, and there is no Apex to deploy or test.
import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue, getFieldDisplayValue } from 'lightning/uiRecordApi';
import { gql, graphql } from 'lightning/uiGraphQLApi';
import LOCALE from '@salesforce/i18n/locale';
import TIME_ZONE from '@salesforce/i18n/timeZone';
import TIER from '@salesforce/schema/Account.Pulse_Tier__c';
import SCORE from '@salesforce/schema/Account.Pulse_Health_Score__c';
import BAND from '@salesforce/schema/Account.Pulse_Health_Band__c';
import TREND from '@salesforce/schema/Account.Pulse_Health_Trend__c';
import WHY from '@salesforce/schema/Account.Pulse_Health_Reasons__c';
import SIGNALS from '@salesforce/schema/Account.Pulse_Churn_Signals__c';
import RENEWAL from '@salesforce/schema/Account.Pulse_Renewal_Stage__c';
import HANDOFF from '@salesforce/schema/Account.Pulse_Handoff_Status__c';
import EXPANSION from '@salesforce/schema/Account.Pulse_Expansion_Candidate__c';
import SCORED_AT from '@salesforce/schema/Account.Pulse_Scored_At__c';

const PULSE_FIELDS = [TIER, SCORE, BAND, TREND, WHY, SIGNALS, RENEWAL, HANDOFF, EXPANSION, SCORED_AT];

const BAND_THEME = { healthy: 'slds-theme_success', watch: 'slds-theme_warning', at_risk: 'slds-theme_error' };
const RENEWAL_THEME = { upcoming: 'slds-theme_warning', due: 'slds-theme_error', overdue: 'slds-theme_error' };
const HANDOFF_THEME = { validated: 'slds-theme_success', overdue: 'slds-theme_error' };
// The picklist labels are terse ("Nps drop"); a CSM reads these instead, with what fired them.
const SIGNAL_TEXT = {
  NO_LOGIN: { label: 'No recent login', title: 'No product login for 30 days or more' },
  TICKETS_RISING: { label: 'Tickets rising', title: 'Tickets in the last 30 days at least 1.5 times the 30 before, and at least 3' },
  NPS_DROP: { label: 'NPS drop', title: 'NPS fell 20 points or more in 30 days, or the latest response was 6 or less' },
  HEALTH_DROP: { label: 'Health drop', title: 'Health score fell 15 points or more in 30 days' },
};
const BADGE = 'slds-badge';

// Open tasks that carry a crm-pulse key. AccountId (indexed, set by Salesforce from WhatId) also
// holds the handoff checklists crm-pulse files on the Account's won Opportunity.
const OPEN_PULSE_TASKS = gql`
  query openPulseTasks($accountId: ID) {
    uiapi {
      query {
        Task(
          where: { and: [{ AccountId: { eq: $accountId } }, { IsClosed: { eq: false } }, { Pulse_Task_Key__c: { ne: null } }] }
          orderBy: { ActivityDate: { order: ASC, nulls: LAST } }
          first: 50
        ) {
          edges {
            node {
              Id
              Subject { value }
              ActivityDate { value }
              Pulse_Task_Kind__c { value displayValue }
            }
          }
        }
      }
    }
  }
`;

const dateFormat = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'short', timeZone: TIME_ZONE });
// en-CA writes dates as YYYY-MM-DD: today in the viewer's time zone, comparable with a due date.
const isoDayFormat = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: TIME_ZONE });

/** A date-only value (YYYY-MM-DD) as the viewer's locale writes it; it names a day, not an instant. */
function formatDay(value) {
  return value ? dateFormat.format(new Date(`${value.slice(0, 10)}T00:00:00Z`)) : null;
}

function errorText(error) {
  const body = error?.body;
  if (Array.isArray(body)) return body.map((e) => e.message).join(', ');
  return body?.message ?? error?.message ?? 'unknown error';
}

export default class PulseAccount extends LightningElement {
  @api recordId;
  /** The Account date field the connection's mapping reads as contractEnd (App Builder property). */
  @api contractEndField = 'Contract_End_Date__c';
  /** SMALL, MEDIUM or LARGE: the width of the page region App Builder put the card in. */
  @api flexipageRegionWidth;

  account;
  accountError;
  taskEdges;
  taskError;

  get optionalFields() {
    const field = (this.contractEndField ?? '').trim();
    return field ? [`Account.${field}`] : [];
  }

  @wire(getRecord, { recordId: '$recordId', fields: PULSE_FIELDS, optionalFields: '$optionalFields' })
  wiredAccount({ data, error }) {
    this.account = data;
    this.accountError = error;
  }

  get taskVariables() {
    return { accountId: this.recordId };
  }

  @wire(graphql, { query: OPEN_PULSE_TASKS, variables: '$taskVariables' })
  wiredTasks({ data, errors }) {
    this.taskEdges = data?.uiapi?.query?.Task?.edges;
    this.taskError = errors?.length ? errors.map((e) => e.message).join(', ') : undefined;
  }

  // SLDS's medium-size classes follow the window, not the region: in a sidebar the card's columns
  // stack instead of squeezing three into it.
  get wide() {
    return this.flexipageRegionWidth !== 'SMALL';
  }

  get mainColumnClass() {
    return this.wide ? 'slds-col slds-size_1-of-1 slds-medium-size_2-of-3' : 'slds-col slds-size_1-of-1';
  }

  get columnClass() {
    return this.wide ? 'slds-col slds-size_1-of-1 slds-medium-size_1-of-3' : 'slds-col slds-size_1-of-1 slds-m-bottom_x-small';
  }

  value(field) {
    return getFieldValue(this.account, field);
  }

  /** A picklist's label in the viewer's language, its stored value when there is none. */
  label(field) {
    return getFieldDisplayValue(this.account, field) ?? this.value(field);
  }

  get isLoading() {
    return !this.account && !this.accountError;
  }

  get loadError() {
    return this.accountError ? errorText(this.accountError) : null;
  }

  get notScored() {
    return Boolean(this.account) && !this.value(SCORED_AT);
  }

  get isScored() {
    return Boolean(this.account) && Boolean(this.value(SCORED_AT));
  }

  get scoredAtText() {
    const at = this.isScored ? this.value(SCORED_AT) : null;
    return at ? `Scored ${dateTimeFormat.format(new Date(at))}` : null;
  }

  get tier() {
    return this.label(TIER) ?? 'Unknown';
  }

  get insufficientData() {
    return this.value(BAND) === 'insufficient_data';
  }

  get score() {
    return this.value(SCORE) ?? '—';
  }

  get bandLabel() {
    return this.label(BAND);
  }

  get bandClass() {
    const theme = BAND_THEME[this.value(BAND)];
    return theme ? `${BADGE} ${theme}` : BADGE;
  }

  get why() {
    return this.value(WHY);
  }

  get trend() {
    const trend = this.value(TREND);
    if (trend == null) return { text: 'No score from 30 days ago to compare', className: 'slds-text-color_weak' };
    if (trend > 0) return { text: `▲ ${trend} points in 30 days`, className: 'slds-text-color_success' };
    if (trend < 0) return { text: `▼ ${-trend} points in 30 days`, className: 'slds-text-color_error' };
    return { text: 'No change in 30 days', className: 'slds-text-color_weak' };
  }

  get signals() {
    const raw = this.value(SIGNALS);
    return raw
      ? raw.split(';').map((code) => ({ code, label: SIGNAL_TEXT[code]?.label ?? code, title: SIGNAL_TEXT[code]?.title ?? code }))
      : [];
  }

  get hasSignals() {
    return this.signals.length > 0;
  }

  get renewalLabel() {
    return this.label(RENEWAL) ?? 'Unknown';
  }

  get renewalClass() {
    const theme = RENEWAL_THEME[this.value(RENEWAL)];
    return theme ? `${BADGE} ${theme}` : BADGE;
  }

  get contractEndText() {
    const [field] = this.optionalFields;
    const end = field && this.account ? formatDay(getFieldValue(this.account, field)) : null;
    return end ? `Contract ends ${end}` : 'No contract end date';
  }

  get handoffLabel() {
    return this.label(HANDOFF);
  }

  get handoffClass() {
    const theme = HANDOFF_THEME[this.value(HANDOFF)];
    return theme ? `${BADGE} ${theme}` : BADGE;
  }

  get isExpansionCandidate() {
    return this.value(EXPANSION) === true;
  }

  get tasks() {
    const today = isoDayFormat.format(new Date());
    return (this.taskEdges ?? []).map(({ node }) => {
      const due = node.ActivityDate?.value ?? null;
      const overdue = due !== null && due < today;
      return {
        id: node.Id,
        url: `/lightning/r/Task/${node.Id}/view`,
        subject: node.Subject?.value ?? '(no subject)',
        kind: node.Pulse_Task_Kind__c?.displayValue ?? node.Pulse_Task_Kind__c?.value,
        due: formatDay(due) ?? 'No due date',
        dueClass: overdue ? 'slds-text-color_error' : '',
        dueTitle: overdue ? 'Overdue' : '',
      };
    });
  }

  get tasksLoading() {
    return this.taskEdges === undefined && !this.taskError;
  }

  get hasTasks() {
    return this.tasks.length > 0;
  }

  get taskCount() {
    return this.tasks.length;
  }
}
