// JWT settings of the policy configuration: keys (JWKS URL or static set), issuer, audience, clock skew, claim names.
import { ConfigError, readInt, readString, readUrl } from '../../runtime/config.ts';
import { envList, type Env, type FileReader, type Json, type JwtSettings } from '../policy-config.ts';

export function readJwt(env: Env, r: FileReader, file: Json): JwtSettings | null {
  const jwksUrl = readUrl(env, 'JWT_JWKS_URL', ['http:', 'https:']) ?? r.string(file.jwksUrl, 'jwt.jwksUrl') ?? null;
  let jwks: JwtSettings['jwks'] = null;
  const inline = readString(env, 'JWT_JWKS');
  if (inline) {
    try {
      jwks = JSON.parse(inline) as JwtSettings['jwks'];
    } catch {
      throw new ConfigError('JWT_JWKS', 'expected a JSON Web Key Set ({"keys": [...]})');
    }
  } else if (file.jwks !== undefined) {
    jwks = r.object(file.jwks, 'jwt.jwks') as JwtSettings['jwks'];
  }
  if (jwks && !Array.isArray(jwks.keys)) throw new ConfigError(inline ? 'JWT_JWKS' : `${r.source} jwt.jwks`, 'expected a JSON Web Key Set ({"keys": [...]})');
  if (!jwksUrl && !jwks) return null;
  const issuer = envList(env, 'JWT_ISSUER') ?? r.strings(file.issuer === undefined || Array.isArray(file.issuer) ? file.issuer : [file.issuer], 'jwt.issuer') ?? null;
  const audience = envList(env, 'JWT_AUDIENCE') ?? r.strings(file.audience === undefined || Array.isArray(file.audience) ? file.audience : [file.audience], 'jwt.audience') ?? null;
  if (!issuer) throw new ConfigError('JWT_ISSUER', 'required when JWT keys are configured: tokens from any issuer would be accepted');
  if (!audience) throw new ConfigError('JWT_AUDIENCE', 'required when JWT keys are configured: tokens meant for another service would be accepted');
  return {
    jwksUrl,
    jwks,
    issuer,
    audience,
    clockSkewSeconds: readInt(env, 'JWT_CLOCK_SKEW_SECONDS', r.int(file.clockSkewSeconds, 'jwt.clockSkewSeconds', 0, 600) ?? 30, 0, 600),
    purposeClaim: readString(env, 'JWT_PURPOSE_CLAIM') ?? r.string(file.purposeClaim, 'jwt.purposeClaim') ?? 'purpose',
    clientClaim: readString(env, 'JWT_CLIENT_CLAIM') ?? r.string(file.clientClaim, 'jwt.clientClaim') ?? 'client_id',
    algorithms: envList(env, 'JWT_ALGORITHMS') ?? r.strings(file.algorithms, 'jwt.algorithms') ?? null,
  };
}
