import type { SettingsServiceServer } from '@consorcio/shared/gen/consorcio/settings/v1/settings_service';
import { nextPageToken, readPage, withPolicies, type CallContext, type UnaryHandlers } from '@consorcio/shared/grpc';
import { isUuid } from '@consorcio/shared/ids';
import { changeSetting, confirmChange, proposeChange, rejectChange } from '../app/change-commands';
import type { CommandMeta, SettingsDeps } from '../app/deps';
import { getChangeQuery, getSettingQuery, historyQuery, listChangesQuery, listSettingsQuery } from '../app/queries';
import { reviewersOnly, signedIn, staffOnly } from './access';
import { changeToProto, settingToProto, statusFromProto } from './mappers';

const metaOf = (ctx: CallContext): CommandMeta => ({
  correlationId: ctx.correlationId,
  userId: ctx.principal?.userId ?? null,
});
const isId = (v: unknown): v is string => isUuid(v);
/** History pages continue below a version, carried as its decimal text. */
const isVersion = (v: unknown): v is string => typeof v === 'string' && /^\d{1,18}$/.test(v);

/** The SettingsService gRPC API: map the request, call the use case, map the answer. No rules here. */
export function settingsServiceHandlers(deps: SettingsDeps): UnaryHandlers<SettingsServiceServer> {
  return withPolicies<SettingsServiceServer>(
    {
      listSettings: signedIn,
      getSetting: signedIn,
      changeSetting: staffOnly,
      proposeChange: staffOnly,
      confirmChange: staffOnly,
      rejectChange: staffOnly,
      getChange: reviewersOnly,
      listChanges: reviewersOnly,
      getHistory: reviewersOnly,
    },
    {
      listSettings: async () => ({ settings: (await listSettingsQuery(deps)).map(settingToProto) }),
      getSetting: async (req) => ({ setting: settingToProto(await getSettingQuery(deps, req.key)) }),
      changeSetting: async (req, ctx) => {
        const r = await changeSetting(deps, metaOf(ctx), {
          key: req.key,
          value: req.value?.kind?.value,
          reason: req.reason,
          expectedVersion: req.expectedVersion,
        });
        return { setting: settingToProto(r.setting), change: changeToProto(r.change) };
      },
      proposeChange: async (req, ctx) => {
        const change = await proposeChange(deps, metaOf(ctx), {
          key: req.key,
          value: req.value?.kind?.value,
          reason: req.reason,
        });
        return { change: changeToProto(change) };
      },
      confirmChange: async (req, ctx) => {
        const r = await confirmChange(deps, metaOf(ctx), req.changeId);
        return { setting: settingToProto(r.setting), change: changeToProto(r.change) };
      },
      rejectChange: async (req, ctx) => ({
        change: changeToProto(await rejectChange(deps, metaOf(ctx), { changeId: req.changeId, reason: req.reason })),
      }),
      getChange: async (req) => ({ change: changeToProto(await getChangeQuery(deps, req.changeId)) }),
      listChanges: async (req) => {
        const page = readPage(req.page, isId);
        const changes = await listChangesQuery(deps, {
          key: req.key,
          status: statusFromProto(req.status),
          before: page.after,
          limit: page.limit,
        });
        return {
          changes: changes.map(changeToProto),
          page: { nextPageToken: nextPageToken(changes, page.limit, (c) => c.id) },
        };
      },
      getHistory: async (req) => {
        const page = readPage(req.page, isVersion);
        const before = page.after === undefined ? undefined : BigInt(page.after);
        const changes = await historyQuery(deps, req.key, before, page.limit);
        return {
          changes: changes.map(changeToProto),
          page: { nextPageToken: nextPageToken(changes, page.limit, (c) => String(c.version ?? 0n)) },
        };
      },
    },
  );
}
