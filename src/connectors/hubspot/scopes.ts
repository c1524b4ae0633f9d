// The OAuth scopes crm-pulse asks a HubSpot account for, one place for the authorize URL, the app
// manifest (manifests/hubspot/src/app/app-hsmeta.json, kept equal by a test) and docs/hubspot.md.
export const REQUIRED_SCOPES = [
  'oauth',
  // Read companies, write our crm_pulse_* values, list and create company properties.
  'crm.objects.companies.read',
  'crm.objects.companies.write',
  'crm.schemas.companies.read',
  'crm.schemas.companies.write',
  // Tasks, calls and meetings are governed by the contacts scopes; the task properties
  // crm_pulse_task_kind / _key need the contacts schema scopes. Emails, which would need
  // sales-email-read as well, are not read: no score, signal or field counts them.
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.schemas.contacts.read',
  'crm.schemas.contacts.write',
  // Deals and their pipelines (closed-won), tickets and their pipelines (open / closed).
  'crm.objects.deals.read',
  'tickets',
] as const;
