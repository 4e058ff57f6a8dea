import { serviceAuthConfig } from '@consorcio/shared/auth';
import { baseServiceConfig, configOnce, loadConfig, port, str } from '@consorcio/shared/config';

/** The settings service's environment, parsed once; a bad or missing variable stops start-up naming it. */
export const settingsConfig = configOnce(() =>
  loadConfig({
    ...baseServiceConfig,
    ...serviceAuthConfig,
    SERVICE_NAME: str({ default: 'settings' }),
    GRPC_PORT: port({ default: 50058 }),
  }),
);

export type SettingsConfig = ReturnType<typeof settingsConfig>;
