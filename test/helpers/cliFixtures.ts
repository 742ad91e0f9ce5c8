/** Small GetSecretsResult fixtures for the CLI's pure-function tests. */
import type { GetSecretsResult, Secret } from "../../core/result";

export function secret(name: string, extra: Partial<Secret> = {}): Secret {
  return {
    id: name,
    secretName: name,
    secretType: "Generic",
    createTime: "2024-07-17T07:59:05Z",
    updateTime: "2024-07-17T07:59:05Z",
    tags: {},
    ...extra,
  };
}

export function result(secrets: Secret[], region = "cn-hangzhou"): GetSecretsResult {
  const sorted = [...secrets].sort((a, b) => (a.secretName < b.secretName ? -1 : 1));
  const names = sorted.map((s) => s.secretName);
  return { id: `query-${region}`, region, ids: names, names, secrets: sorted };
}
