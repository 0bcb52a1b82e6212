import type {
  ApprovalDto,
  AuditEntryDto,
  AuditPublicKeyDto,
  AuditVerifyReportDto,
  AvatarRejectedBody,
  AvatarUploadResponse,
  ConsentRecordDto,
  ControlOverviewDto,
  CorpusDiffDto,
  CorpusDocumentDto,
  CorpusListResponse,
  CorpusVersionDto,
  FollowupDto,
  GovernanceMetricsDto,
  InclusionProofDto,
  LiveRoomsResponse,
  PersonaDetailDto,
  PersonaListResponse,
  PrincipalDto,
  RecordConsentRequest,
  RevokeConsentRequest,
  RoutingTable,
  UploadCorpusRequest,
  SignedTreeHeadDto,
  StaffDto,
  StaffRole,
  StaffTokenResponse,
  TwinControlStateDto,
} from '../../common/governance.ts';
import { ApiError, errorFromResponse } from '../lobby/api-error.ts';

export interface AuditPage {
  entries: AuditEntryDto[];
  treeSize: number;
  sth: SignedTreeHeadDto;
}

export interface RequestOptions {
  signal?: AbortSignal | undefined;
  timeoutMs?: number;
}

const enc = encodeURIComponent;

/** The server's verdict on an avatar upload: accepted, or refused with its reason (and missing targets). */
export type AvatarUploadResult =
  | { ok: true; status: number; result: AvatarUploadResponse }
  | { ok: false; status: number; code: string; message: string; missing: string[] };

/**
 * The governance API (and the admin room list) with the console's bearer credential. Errors are
 * ApiErrors carrying the server's code and message (403 `forbidden` for a grant the token lacks).
 */
export class GovApi {
  constructor(
    private readonly token: string,
    private readonly baseUrl: string = location.origin,
  ) {}

  /** JSON request to `path` (under the origin). Bodies are sent as JSON. */
  async request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
    const res = await this.raw(method, path, body, opts);
    const text = await res.text();
    if (!res.ok) throw errorFromResponse(res.status, text);
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      throw new ApiError('bad_response', 'The server sent an unreadable answer.', res.status, true, {
        cause,
      });
    }
  }

  /** The raw response (for downloads); network failures become ApiError `network`. */
  async raw(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<Response> {
    const timeout = AbortSignal.timeout(opts.timeoutMs ?? 20_000);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${this.token}`,
    };
    const init: RequestInit = { method, headers, signal };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    try {
      return await fetch(new URL(path, this.baseUrl), init);
    } catch (cause) {
      if (opts.signal?.aborted) throw cause;
      throw new ApiError(
        'network',
        timeout.aborted ? 'The server did not answer in time.' : 'Cannot reach the server.',
        0,
        true,
        { cause },
      );
    }
  }

  me(opts?: RequestOptions) {
    return this.request<PrincipalDto>('GET', '/api/governance/me', undefined, opts);
  }

  // Rooms and control
  /** Rooms with titles, the people in each now and the twin's state. */
  liveRooms(opts?: RequestOptions) {
    return this.request<LiveRoomsResponse>('GET', '/api/governance/rooms', undefined, opts);
  }
  control(opts?: RequestOptions) {
    return this.request<ControlOverviewDto>('GET', '/api/governance/control', undefined, opts);
  }
  pause(roomId: string, reason?: string) {
    return this.request<{ state: TwinControlStateDto; changed: boolean }>(
      'POST',
      `/api/governance/control/rooms/${enc(roomId)}/pause`,
      reason ? { reason } : {},
    );
  }
  resume(roomId: string, reason?: string) {
    return this.request<{ state: TwinControlStateDto; changed: boolean }>(
      'POST',
      `/api/governance/control/rooms/${enc(roomId)}/resume`,
      reason ? { reason } : {},
    );
  }
  handOver(roomId: string, to: 'leader' | 'twin', reason?: string) {
    return this.request<{ state: TwinControlStateDto; changed: boolean }>(
      'POST',
      `/api/governance/control/rooms/${enc(roomId)}/handover`,
      reason ? { to, reason } : { to },
    );
  }
  kill(reason?: string) {
    return this.request<unknown>('POST', '/api/governance/control/kill', reason ? { reason } : {});
  }
  revive(reason?: string) {
    return this.request<unknown>('POST', '/api/governance/control/revive', reason ? { reason } : {});
  }

  // Consent
  consent(opts?: RequestOptions) {
    return this.request<{ records: ConsentRecordDto[] }>('GET', '/api/governance/consent', undefined, opts);
  }
  recordConsent(body: RecordConsentRequest) {
    return this.request<ConsentRecordDto>('POST', '/api/governance/consent', body);
  }
  revokeConsent(id: string, body: RevokeConsentRequest) {
    return this.request<ConsentRecordDto>('POST', `/api/governance/consent/${enc(id)}/revoke`, body);
  }

  // Approvals
  approvals(status: string | null, opts?: RequestOptions) {
    const q = status ? `?status=${enc(status)}` : '';
    return this.request<{ approvals: ApprovalDto[] }>(
      'GET',
      `/api/governance/approvals${q}`,
      undefined,
      opts,
    );
  }
  editApproval(id: string, text: string) {
    return this.request<ApprovalDto>('PATCH', `/api/governance/approvals/${enc(id)}`, { text });
  }
  approve(id: string, text: string, note?: string) {
    return this.request<ApprovalDto>(
      'POST',
      `/api/governance/approvals/${enc(id)}/approve`,
      note ? { text, note } : { text },
    );
  }
  reject(id: string, reason: string) {
    return this.request<ApprovalDto>('POST', `/api/governance/approvals/${enc(id)}/reject`, { reason });
  }

  // Follow-ups
  followups(filter: { status?: string; team?: string; overdue?: boolean }, opts?: RequestOptions) {
    const q = new URLSearchParams();
    if (filter.status) q.set('status', filter.status);
    if (filter.team) q.set('team', filter.team);
    if (filter.overdue) q.set('overdue', 'true');
    const qs = q.size ? `?${q}` : '';
    return this.request<{ followups: FollowupDto[] }>(
      'GET',
      `/api/governance/followups${qs}`,
      undefined,
      opts,
    );
  }
  followup(id: string, opts?: RequestOptions) {
    return this.request<FollowupDto>('GET', `/api/governance/followups/${enc(id)}`, undefined, opts);
  }
  routing(opts?: RequestOptions) {
    return this.request<RoutingTable>('GET', '/api/governance/followups/routing', undefined, opts);
  }
  followupAction(
    id: string,
    action: 'draft' | 'approve' | 'return' | 'assign' | 'publish',
    body: object = {},
  ) {
    return this.request<FollowupDto>('POST', `/api/governance/followups/${enc(id)}/${action}`, body);
  }

  // Audit
  auditSth(opts?: RequestOptions) {
    return this.request<SignedTreeHeadDto>('GET', '/api/governance/audit/sth', undefined, opts);
  }
  auditKeys(opts?: RequestOptions) {
    return this.request<{ keys: AuditPublicKeyDto[] }>('GET', '/api/governance/audit/keys', undefined, opts);
  }
  auditEntries(from: number, limit: number, opts?: RequestOptions) {
    return this.request<AuditPage>(
      'GET',
      `/api/governance/audit/entries?from=${from}&limit=${limit}`,
      undefined,
      opts,
    );
  }
  auditEntry(index: number, opts?: RequestOptions) {
    return this.request<AuditEntryDto>('GET', `/api/governance/audit/entries/${index}`, undefined, opts);
  }
  auditProof(index: number, size: number, opts?: RequestOptions) {
    return this.request<InclusionProofDto>(
      'GET',
      `/api/governance/audit/entries/${index}/proof?size=${size}`,
      undefined,
      opts,
    );
  }
  auditVerify(opts?: RequestOptions) {
    return this.request<AuditVerifyReportDto>('GET', '/api/governance/audit/verify', undefined, {
      timeoutMs: 120_000,
      ...opts,
    });
  }

  // Staff (admin only)
  staff(opts?: RequestOptions) {
    return this.request<{ staff: StaffDto[] }>('GET', '/api/governance/staff', undefined, opts);
  }
  /** The answer holds the member's token: it is shown once and never stored here. */
  createStaff(name: string, roles: StaffRole[]) {
    return this.request<StaffTokenResponse>('POST', '/api/governance/staff', { name, roles });
  }
  /** A new token for the member; the old one stops working. */
  issueStaffToken(id: string) {
    return this.request<StaffTokenResponse>('POST', `/api/governance/staff/${enc(id)}/token`);
  }
  revokeStaff(id: string) {
    return this.request<StaffDto>('DELETE', `/api/governance/staff/${enc(id)}`);
  }

  metrics(roomId: string | null, opts?: RequestOptions) {
    const q = roomId ? `?roomId=${enc(roomId)}` : '';
    return this.request<GovernanceMetricsDto>('GET', `/api/governance/metrics${q}`, undefined, opts);
  }

  // Personas and corpus
  personas(opts?: RequestOptions) {
    return this.request<PersonaListResponse>('GET', '/api/governance/personas', undefined, opts);
  }
  persona(id: string, opts?: RequestOptions) {
    return this.request<PersonaDetailDto>('GET', `/api/governance/personas/${enc(id)}`, undefined, opts);
  }
  corpus(personaId: string, opts?: RequestOptions) {
    return this.request<CorpusListResponse>(
      'GET',
      `/api/governance/personas/${enc(personaId)}/corpus`,
      undefined,
      opts,
    );
  }
  corpusDocument(personaId: string, file: string, opts?: RequestOptions) {
    return this.request<CorpusDocumentDto>(
      'GET',
      `/api/governance/personas/${enc(personaId)}/corpus/${enc(file)}`,
      undefined,
      opts,
    );
  }
  uploadCorpus(personaId: string, body: UploadCorpusRequest) {
    return this.request<CorpusVersionDto>('POST', `/api/governance/personas/${enc(personaId)}/corpus`, body, {
      timeoutMs: 60_000,
    });
  }
  approveCorpus(personaId: string, file: string, version: number) {
    return this.request<CorpusVersionDto>(
      'POST',
      `/api/governance/personas/${enc(personaId)}/corpus/${enc(file)}/versions/${version}/approve`,
    );
  }
  withdrawCorpus(personaId: string, file: string, reason: string) {
    return this.request<CorpusDocumentDto>(
      'POST',
      `/api/governance/personas/${enc(personaId)}/corpus/${enc(file)}/withdraw`,
      { reason },
    );
  }
  corpusDiff(personaId: string, file: string, from: number, to: number, opts?: RequestOptions) {
    return this.request<CorpusDiffDto>(
      'GET',
      `/api/governance/personas/${enc(personaId)}/corpus/${enc(file)}/diff?from=${from}&to=${to}`,
      undefined,
      opts,
    );
  }

  /** Uploads a GLB; a 4xx answer is a result to show (e.g. 422 with the missing morph targets). */
  async uploadAvatar(personaId: string, bytes: ArrayBuffer): Promise<AvatarUploadResult> {
    const timeout = AbortSignal.timeout(120_000);
    let res: Response;
    try {
      res = await fetch(new URL(`/api/governance/personas/${enc(personaId)}/avatar`, this.baseUrl), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.token}`,
          'content-type': 'model/gltf-binary',
          accept: 'application/json',
        },
        body: bytes,
        signal: timeout,
      });
    } catch (cause) {
      throw new ApiError('network', 'Cannot reach the server.', 0, true, { cause });
    }
    const text = await res.text();
    if (res.ok) return { ok: true, status: res.status, result: JSON.parse(text) as AvatarUploadResponse };
    if (res.status >= 500 || res.status === 401) throw errorFromResponse(res.status, text);
    const err = errorFromResponse(res.status, text);
    let missing: string[] = [];
    try {
      const body = JSON.parse(text) as Partial<AvatarRejectedBody>;
      if (Array.isArray(body.error?.missing))
        missing = body.error.missing.filter((m) => typeof m === 'string');
    } catch {
      // not JSON: the generic message is all there is
    }
    return { ok: false, status: res.status, code: err.code, message: err.message, missing };
  }
}
