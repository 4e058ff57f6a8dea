import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  DELIVERY_ID_HEADER,
  SIGNATURE_HEADER,
  verifyWebhookSignature,
} from '@consorcio/notifications/domain/webhook-signature';
import type { RestClient } from '../api/rest-client';
import { until, type SimContext } from './context';

/**
 * The supporting services in a simulated term: an integrator's webhook receiver checking every signature, identity
 * documents uploaded by some members, then (after the closing) each member's notifications, the generated contracts
 * and minutes, and the group's reports exported as CSV, XLSX and PDF.
 */
export interface Supporting {
  /** Deliveries the receiver took, by delivery id (a repeated id is a duplicate), and signatures that failed. */
  webhook: { deliveries: Map<string, number>; badSignatures: string[]; endpointId: string };
  uploads: number;
  stop(): Promise<void>;
}

/** A one-page PDF: enough for the documents service's type check (by its bytes) and a reader. */
const IDENTITY_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** Starts the receiver, registers it for every kind, and has the first `uploaders` members send an identity PDF. */
export async function startSupporting(ctx: SimContext, uploaders: number): Promise<Supporting> {
  const deliveries = new Map<string, number>();
  const badSignatures: string[] = [];
  let secret = '';
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const id = String(req.headers[DELIVERY_ID_HEADER.toLowerCase()] ?? '');
      const header = String(req.headers[SIGNATURE_HEADER.toLowerCase()] ?? '');
      // The receiver checks the timestamp against its own clock, as an integrator would.
      const check = verifyWebhookSignature(secret, body, header, Math.floor(Date.now() / 1000));
      if (!check.valid) badSignatures.push(`${id}: ${check.reason}`);
      deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const registered = await ctx.admin.post<{ endpoint: { endpointId: string }; secret: string }>(
    '/v1/notifications/webhook-endpoints',
    { url: `http://127.0.0.1:${port}/consorcio`, description: 'simulation integrator' },
  );
  secret = registered.secret;
  for (const m of ctx.members.slice(0, uploaders)) {
    await ctx.admin.upload(
      `/v1/members/${m.memberId}/documents/identidade.pdf?kind=DOCUMENT_KIND_IDENTITY&subjectId=${m.quotaId}`,
      IDENTITY_PDF,
      'application/pdf',
    );
  }
  return {
    webhook: { deliveries, badSignatures, endpointId: registered.endpoint.endpointId },
    uploads: Math.min(uploaders, ctx.members.length),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Paged = { page?: { nextPageToken?: string } };
interface NotificationRow {
  kind: string;
  channel: string;
  status: string;
  eventId: string;
}
interface DocumentRow {
  documentId: string;
  kind: string;
  sha256: string;
}

/** What the supporting services produced over the term, for the report and the invariants. */
export interface SupportingTally {
  notificationsByKind: Record<string, number>;
  /** Webhook notifications the service sent, and how many of them the receiver took (once each). */
  webhooksSent: number;
  /** Members' e-mail notices by status (SENT, PENDING, FAILED, SKIPPED). */
  emailsByStatus: Record<string, number>;
  membersWithoutBilledNotice: number[];
  contractsMissing: number[];
  minutesMissing: number[];
  reports: string[];
}

/** Reads back every member's notifications, the generated documents, and exports the group's reports to `outDir`. */
export async function tallySupporting(ctx: SimContext, s: Supporting, outDir: string): Promise<SupportingTally> {
  const webhooksSent = await webhooksDrained(ctx.admin, s);
  const notificationsByKind: Record<string, number> = {};
  const emailsByStatus: Record<string, number> = {};
  const membersWithoutBilledNotice: number[] = [];
  const contractsMissing: number[] = [];
  for (const m of ctx.members) {
    const rows = await ctx.admin.listAll<Paged & { notifications: NotificationRow[] }, NotificationRow>(
      `/v1/members/${m.memberId}/notifications`,
      (a) => a.notifications,
    );
    for (const r of rows) {
      notificationsByKind[r.kind] = (notificationsByKind[r.kind] ?? 0) + 1;
      const st = r.status.replace('NOTIFICATION_STATUS_', '');
      if (r.channel === 'CHANNEL_EMAIL') emailsByStatus[st] = (emailsByStatus[st] ?? 0) + 1;
    }
    if (!rows.some((r) => r.kind === 'NOTIFICATION_KIND_INSTALLMENT_BILLED')) membersWithoutBilledNotice.push(m.number);
    const contracts = await documents(ctx.admin, `subjectId=${m.quotaId}&kind=DOCUMENT_KIND_ADHESION_CONTRACT`);
    if (contracts.length === 0) contractsMissing.push(m.number);
  }
  const minutesMissing: number[] = [];
  for (const [period, assemblyId] of ctx.assemblies) {
    const minutes = await documents(ctx.admin, `subjectId=${assemblyId}&kind=DOCUMENT_KIND_ASSEMBLY_MINUTES`);
    if (minutes.length === 0) minutesMissing.push(period);
  }
  const reports = await exportReports(ctx, outDir);
  return {
    notificationsByKind,
    webhooksSent,
    emailsByStatus,
    membersWithoutBilledNotice,
    contractsMissing,
    minutesMissing,
    reports,
  };
}

/** Waits until no webhook notification is pending any more, then answers how many were sent. */
async function webhooksDrained(api: RestClient, s: Supporting): Promise<number> {
  return until(
    'every webhook delivered',
    async () => {
      const rows = await api.listAll<Paged & { notifications: NotificationRow[] }, NotificationRow>(
        `/v1/notifications/webhook-endpoints/${s.webhook.endpointId}/deliveries`,
        (a) => a.notifications,
      );
      if (rows.some((r) => r.status === 'NOTIFICATION_STATUS_PENDING')) return undefined;
      return rows.filter((r) => r.status === 'NOTIFICATION_STATUS_SENT').length;
    },
    180_000,
  );
}

function documents(api: RestClient, query: string): Promise<DocumentRow[]> {
  return api.listAll<Paged & { documents: DocumentRow[] }, DocumentRow>(`/v1/documents?${query}`, (a) => a.documents);
}

const EXPORTS = [
  ['posicao-financeira', 'financial-position'],
  ['inadimplencia', 'delinquency-aging'],
  ['assembleias', 'assemblies'],
] as const;
const FORMATS = [
  ['csv', 'REPORT_FORMAT_CSV', 'text/csv'],
  ['xlsx', 'REPORT_FORMAT_XLSX', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['pdf', 'REPORT_FORMAT_PDF', 'application/pdf'],
] as const;

/** Refreshes the report views, then writes every group report in every format; a wrong content type fails. */
async function exportReports(ctx: SimContext, outDir: string): Promise<string[]> {
  await ctx.admin.post('/v1/payments/reports:refresh');
  await ctx.admin.post('/v1/draws/reports:refresh');
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const [file, route] of EXPORTS) {
    for (const [ext, format, type] of FORMATS) {
      const d = await ctx.admin.download(`/v1/groups/${ctx.groupId}/reports/${route}:export?format=${format}`);
      if (!d.contentType.startsWith(type)) throw new Error(`${route} as ${ext} came as ${d.contentType}`);
      const target = path.join(outDir, `${file}.${ext}`);
      writeFileSync(target, d.bytes);
      written.push(target);
    }
  }
  return written;
}

/** Services whose events the audit invariant also follows when the supporting services take part. */
export const SUPPORTING_SERVICES = ['documents', 'settings'];

/** The supporting services' invariants, from the tally and the receiver. */
export function supportingInvariants(
  t: SupportingTally,
  s: Supporting,
): { name: string; ok: boolean; detail: string }[] {
  const result = (name: string, problem: string | undefined) => ({ name, ok: !problem, detail: problem ?? 'holds' });
  const repeated = [...s.webhook.deliveries].filter(([, n]) => n > 1).map(([id]) => id);
  return [
    result(
      'every member was told of their installments',
      t.membersWithoutBilledNotice.length
        ? `no billing notice for records ${t.membersWithoutBilledNotice.join(', ')}`
        : undefined,
    ),
    result(
      'every webhook arrived once, signed',
      s.webhook.badSignatures.length
        ? `bad signatures: ${s.webhook.badSignatures.slice(0, 3).join('; ')}`
        : repeated.length
          ? `delivered more than once: ${repeated.slice(0, 3).join(', ')}`
          : s.webhook.deliveries.size !== t.webhooksSent || t.webhooksSent === 0
            ? `the service sent ${t.webhooksSent}, the receiver took ${s.webhook.deliveries.size}`
            : undefined,
    ),
    result(
      'every e-mail notice was delivered',
      (t.emailsByStatus.FAILED ?? 0) + (t.emailsByStatus.SKIPPED ?? 0) > 0 || !t.emailsByStatus.SENT
        ? `e-mails by status: ${JSON.stringify(t.emailsByStatus)}`
        : undefined,
    ),
    result(
      'every quota has its adhesion contract',
      t.contractsMissing.length ? `no contract for records ${t.contractsMissing.join(', ')}` : undefined,
    ),
    result(
      'every assembly has its minutes as a PDF',
      t.minutesMissing.length ? `no minutes for periods ${t.minutesMissing.join(', ')}` : undefined,
    ),
  ];
}
