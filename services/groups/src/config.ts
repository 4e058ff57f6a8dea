import { serviceAuthConfig } from '@consorcio/shared/auth';
import { baseServiceConfig, configOnce, loadConfig, port, str } from '@consorcio/shared/config';

/** The groups service's environment, parsed once; a bad or missing variable stops start-up naming it. */
export const groupsConfig = configOnce(() =>
  loadConfig({
    ...baseServiceConfig,
    ...serviceAuthConfig,
    SERVICE_NAME: str({ default: 'groups' }),
    GRPC_PORT: port({ default: 50051 }),
  }),
);

export type GroupsConfig = ReturnType<typeof groupsConfig>;
