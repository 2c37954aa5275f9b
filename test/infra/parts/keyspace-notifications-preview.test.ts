/** keyspace-notifications.test.ts in dry-run mode, as `pulumi preview` runs the program. */
// The mocks read the mode when first imported: set it before the tests (and the mocks) load.
process.env.AZURE_REDIS_ENTRA_TEST_DRY_RUN = "1";
await import("./keyspace-notifications.test.ts");
