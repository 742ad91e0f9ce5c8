/**
 * Jest setupFiles: the tests never see the shell's Alibaba Cloud variables
 * (ALIBABA_CLOUD_CLI_PROFILE_DISABLED, keys, regions, ...), which @alicloud/credentials reads
 * from process.env behind any env a test injects. Child processes get a clean env of their own.
 */
for (const name of Object.keys(process.env)) {
  if (/^(ALIBABA_CLOUD_|ALIBABACLOUD_|ALICLOUD_|ALIYUN_)/i.test(name)) delete process.env[name];
}
