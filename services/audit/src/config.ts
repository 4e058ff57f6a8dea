import { serviceAuthConfig } from '@consorcio/shared/auth';
import { baseServiceConfig, configOnce, int, loadConfig, port, str } from '@consorcio/shared/config';
import { settingsClientConfig } from '@consorcio/shared/settings';

/** The audit service's environment, parsed once; a bad or missing variable stops start-up naming it. */
export const auditConfig = configOnce(() =>
  loadConfig({
    ...baseServiceConfig,
    ...serviceAuthConfig,
    // SETTINGS_GRPC_ADDR (optional): the platform's settings, cached and kept current like in every service.
    ...settingsClientConfig,
    SERVICE_NAME: str({ default: 'audit' }),
    GRPC_PORT: port({ default: 50055 }),
    /** The Ed25519 private key (PKCS#8 PEM) checkpoints are signed with; its public half is served by GetPublicKey. */
    AUDIT_SIGNING_KEY: str(),
    /** Names this administradora's log: checkpoints' origin and key name are `consorcio/<installation>`. */
    AUDIT_INSTALLATION: str({ default: 'local' }),
    /** How often a checkpoint is signed when the log grew, ms (on demand too, by SignCheckpoint). */
    AUDIT_CHECKPOINT_INTERVAL_MS: int({ default: 10_000, min: 100, max: 3_600_000 }),
  }),
);
