// Test support: external servers (MongoDB wire protocol, PostgreSQL). Required in CI, skipped with a printed reason elsewhere.

export interface ExternalService {
  url: string | undefined;
  /** Why the leg is skipped, when it is. */
  skipReason?: string;
}

function external(name: string, urlVariable: string, requireVariable: string): ExternalService {
  const url = process.env[urlVariable];
  if (url) return { url };
  if (process.env[requireVariable] === '1') {
    throw new Error(`${requireVariable}=1 but ${urlVariable} is not set: the ${name} leg cannot run`);
  }
  const skipReason = `${name} leg skipped: set ${urlVariable} (CI sets ${requireVariable}=1, which makes a missing server a failure)`;
  console.warn(skipReason);
  return { url: undefined, skipReason };
}

/** A MongoDB wire-protocol server (MongoDB or FerretDB) from MONGODB_URI. */
export const mongo = (): ExternalService => external('MongoDB', 'MONGODB_URI', 'REQUIRE_MONGO');

/** A real PostgreSQL server from PG_TEST_URL. */
export const postgres = (): ExternalService => external('PostgreSQL', 'PG_TEST_URL', 'REQUIRE_POSTGRES');

/** A Redis server from REDIS_URL (`. .ci/services.sh; start_redis` exports it). */
export const redis = (): ExternalService => external('Redis', 'REDIS_URL', 'REQUIRE_REDIS');
