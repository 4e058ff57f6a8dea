/** The settings every service reads: the catalogue of known keys, their values' rules, and the cache that follows changes. */
export * from './catalogue';
export * from './setting-value';
export * from './settings-cache';
export { SettingsChangeListener, SETTING_CHANGED, type SettingsChangeListenerOptions } from './change-listener';
export { grpcSettingsLoader, SETTINGS_SERVICE_NAME } from './grpc-loader';
export * from './service-settings';
