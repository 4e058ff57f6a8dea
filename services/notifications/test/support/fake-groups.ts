import { Server, ServerCredentials, status, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import {
  GroupsServiceService,
  type GetMemberRequest,
  type GetMemberResponse,
} from '@consorcio/shared/gen/consorcio/groups/v1/groups_service';
import type { Authenticator } from '@consorcio/shared/grpc';

/**
 * A test double of groups' contract: GetMember only, served with the real generated service definition on
 * 127.0.0.1 and an ephemeral port. It checks the caller's token like groups does (a SERVICE token) and answers the
 * contacts it was given; it counts the reads and remembers their purposes.
 */
export interface FakeGroups {
  address: string;
  contacts: Map<string, { email: string; phone: string }>;
  reads: { memberId: string; purpose: string }[];
  close(): Promise<void>;
}

export async function startFakeGroups(authenticate: Authenticator): Promise<FakeGroups> {
  const contacts = new Map<string, { email: string; phone: string }>();
  const reads: { memberId: string; purpose: string }[] = [];
  const server = new Server();
  server.addService(GroupsServiceService, {
    getMember(call: ServerUnaryCall<GetMemberRequest, GetMemberResponse>, callback: sendUnaryData<GetMemberResponse>) {
      void (async () => {
        const principal = await authenticate(call.metadata);
        if (!principal?.roles.includes('SERVICE')) {
          return callback({ code: status.PERMISSION_DENIED, details: 'requires role SERVICE' });
        }
        const { memberId, purpose } = call.request;
        reads.push({ memberId, purpose });
        const c = contacts.get(memberId);
        if (!c) return callback({ code: status.NOT_FOUND, details: `member ${memberId} not found` });
        callback(null, { member: { memberId, kind: 1, documentMasked: '', name: 'x', spouseMemberId: '', ...c } });
      })();
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return {
    address: `127.0.0.1:${port}`,
    contacts,
    reads,
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
