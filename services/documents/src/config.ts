import { serviceAuthConfig } from '@consorcio/shared/auth';
import { baseServiceConfig, configOnce, int, loadConfig, port, str } from '@consorcio/shared/config';
import { settingsClientConfig } from '@consorcio/shared/settings';
import { objectStoreConfig } from '@consorcio/shared/storage';

/** The documents service's environment, parsed once; a bad or missing variable stops start-up naming it. */
export const documentsConfig = configOnce(() =>
  loadConfig({
    ...baseServiceConfig,
    ...serviceAuthConfig,
    /** Where the bytes live: OBJECT_STORE=disk|s3, DOCUMENTS_DIR, S3_BUCKET, S3_ENDPOINT, … */
    ...objectStoreConfig,
    // SETTINGS_GRPC_ADDR (optional) and SERVICE_PRIVATE_KEY: the upload limit follows the settings service.
    ...settingsClientConfig,
    SERVICE_NAME: str({ default: 'documents' }),
    GRPC_PORT: port({ default: 50057 }),
    /** Years a group's documents are kept after it closes (Res. BCB 285: 5). */
    DOCUMENTS_RETENTION_YEARS: int({ default: 5, min: 1, max: 100 }),
    /** Days a member's upload that names no group is kept (while the member holds no record under retention). */
    DOCUMENTS_UNBOUND_RETENTION_DAYS: int({ default: 365, min: 1, max: 36_500 }),
    /** How often the retention job looks for expired documents, ms (one replica runs it). */
    DOCUMENTS_PURGE_INTERVAL_MS: int({ default: 3_600_000, min: 100, max: 86_400_000 }),
  }),
);
