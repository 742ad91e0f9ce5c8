/**
 * The drop-in promise as files: the @pulumi/alicloud program of test/fixtures/peer-program,
 * that program with only its import line changed, a field-for-field type comparison with the
 * real @pulumi/alicloud declarations, and a failing control of each (so no check passes vacuously).
 */
import { readFileSync } from "node:fs";
import path from "node:path";

export const PEER_FIXTURE = path.resolve(__dirname, "../fixtures/peer-program/index.ts");
const PEER_IMPORT = 'import * as alicloud from "@pulumi/alicloud";';
const OUR_IMPORT = 'import * as alicloud from "pulumi-alicloud-kms-secrets";';

/** The peer program, as its users wrote it. */
export function peerProgram(): string {
  return readFileSync(PEER_FIXTURE, "utf8");
}

/** The peer program with only its import line changed. */
export function dropinProgram(): string {
  const lines = peerProgram().split("\n");
  const imports = lines.filter((line) => line === PEER_IMPORT).length;
  if (imports !== 1) throw new Error(`the fixture has ${imports} lines "${PEER_IMPORT}"`);
  return lines.map((line) => (line === PEER_IMPORT ? OUR_IMPORT : line)).join("\n");
}

/** Field for field: each of our types and the peer's accept each other (names, types, optionality). */
export const SAME_TYPES = `
import * as peer from "@pulumi/alicloud";
import * as ours from "pulumi-alicloud-kms-secrets";
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Keys<A, B> = Same<keyof A, keyof B>;
export const checks: true[] = [
  true as Same<ours.kms.GetSecretsArgs, peer.kms.GetSecretsArgs>,
  true as Keys<ours.kms.GetSecretsArgs, peer.kms.GetSecretsArgs>,
  true as Same<ours.kms.GetSecretsOutputArgs, peer.kms.GetSecretsOutputArgs>,
  true as Same<ours.kms.GetSecretsResult, peer.kms.GetSecretsResult>,
  true as Keys<ours.kms.GetSecretsResult, peer.kms.GetSecretsResult>,
  true as Same<ours.kms.GetSecretsSecret, peer.types.output.kms.GetSecretsSecret>,
  true as Keys<ours.kms.GetSecretsSecret, peer.types.output.kms.GetSecretsSecret>,
  true as Same<ours.kms.GetSecretVersionsArgs, peer.kms.GetSecretVersionsArgs>,
  true as Keys<ours.kms.GetSecretVersionsArgs, peer.kms.GetSecretVersionsArgs>,
  true as Same<ours.kms.GetSecretVersionsOutputArgs, peer.kms.GetSecretVersionsOutputArgs>,
  true as Same<ours.kms.GetSecretVersionsResult, peer.kms.GetSecretVersionsResult>,
  true as Keys<ours.kms.GetSecretVersionsResult, peer.kms.GetSecretVersionsResult>,
  true as Same<ours.kms.GetSecretVersionsVersion, peer.types.output.kms.GetSecretVersionsVersion>,
  true as Same<typeof ours.kms.getSecrets, typeof peer.kms.getSecrets>,
  true as Same<typeof ours.kms.getSecretsOutput, typeof peer.kms.getSecretsOutput>,
  true as Same<typeof ours.kms.getSecretVersions, typeof peer.kms.getSecretVersions>,
  true as Same<typeof ours.kms.getSecretVersionsOutput, typeof peer.kms.getSecretVersionsOutput>,
];
`;

/**
 * The files to type-check (name -> text), with the errors each must produce: none for the
 * programs and the comparison; for the controls, a pattern their errors must match.
 */
export function peerCheckFiles(): { file: string; text: string; mustFail?: RegExp }[] {
  const dropin = dropinProgram();
  return [
    { file: "peer/peer.ts", text: peerProgram() },
    { file: "peer/dropin.ts", text: dropin },
    { file: "peer/same.ts", text: SAME_TYPES },
    // the drop-in reading a field the peer does not have
    {
      file: "peer/dropinBroken.ts",
      text: dropin.replace("r.secrets[0].arn", "r.secrets[0].arnn"),
      mustFail: /TS2551.*arnn/,
    },
    // one optional field where the peer's is required
    {
      file: "peer/sameBroken.ts",
      text: SAME_TYPES.replace(
        "ours.kms.GetSecretsSecret,",
        'Omit<ours.kms.GetSecretsSecret, "arn"> & { arn?: string },',
      ),
      mustFail: /sameBroken\.ts\(12,.*TS2322/,
    },
  ];
}
