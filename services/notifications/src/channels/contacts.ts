import { status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import {
  GroupsServiceClient,
  type GroupsServiceServer,
} from '@consorcio/shared/gen/consorcio/groups/v1/groups_service';
import { createClient, promiseClient } from '@consorcio/shared/grpc';

/** A member's contact data, read from groups at send time and never stored here. */
export interface Contact {
  email: string;
  phone: string;
}

/** Where contact data comes from (groups' GetMember in production, a fake in unit tests). */
export interface ContactBook {
  /** Resolves undefined when groups does not know the member. */
  contactOf(memberId: string): Promise<Contact | undefined>;
}

export const GROUPS_SERVICE_NAME = 'consorcio.groups.v1.GroupsService';

/** Why the personal data is read: recorded by groups in its `groups.member.personal_data_read` event (LGPD). */
export const READ_PURPOSE = 'notification_delivery';

const isNotFound = (err: unknown) => (err as Partial<ServiceError>).code === GrpcStatus.NOT_FOUND;

/**
 * Contacts from groups' GetMember over gRPC, as the SERVICE role (`bearerToken` gives this service's own token).
 * Each read is one call: groups records every read of personal data, and nothing is cached here.
 */
export function groupsContactBook(
  address: string,
  bearerToken: () => Promise<string>,
): ContactBook & { close(): void } {
  const client = createClient(GroupsServiceClient, GROUPS_SERVICE_NAME, address, { bearerToken });
  const api = promiseClient<GroupsServiceServer>(client);
  return {
    async contactOf(memberId) {
      try {
        const { member } = await api.getMember({ memberId, purpose: READ_PURPOSE });
        return member ? { email: member.email, phone: member.phone } : undefined;
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    close: () => client.close(),
  };
}
