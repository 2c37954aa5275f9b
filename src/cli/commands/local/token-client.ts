/** A TokenCredential that asks a running `azure-redis-entra local` for test tokens. */
import type { EntraAccessToken, EntraTokenCredential } from "../../../client/index.ts";
import type { LocalGatewayState } from "./state.ts";

/** Options for tokens from the local gateway. */
export interface LocalTokenOptions {
  /** Identity to mint for (default: the one `local` assigned). */
  objectId?: string;
  /** Puts an `appid` claim in the token (to reproduce "username is the client id"). */
  appId?: string;
  lifetimeMs?: number;
}

/** Returns a credential backed by the gateway's loopback token endpoint. */
export function localGatewayCredential(
  state: LocalGatewayState,
  options: LocalTokenOptions = {},
): EntraTokenCredential {
  return {
    async getToken(scopes: string | string[]): Promise<EntraAccessToken> {
      const url = new URL(state.tokenUrl);
      url.searchParams.set("objectId", options.objectId ?? state.objectId);
      url.searchParams.set("scope", Array.isArray(scopes) ? scopes.join(" ") : scopes);
      if (options.appId) url.searchParams.set("appId", options.appId);
      if (options.lifetimeMs) url.searchParams.set("lifetimeMs", String(options.lifetimeMs));
      const res = await fetch(url, { headers: { authorization: `Bearer ${state.secret}` } });
      const body = (await res.json()) as { token?: string; expiresOnTimestamp?: number; error?: string };
      if (!res.ok || !body.token || !body.expiresOnTimestamp) {
        throw new Error(`the local gateway refused to mint a token: ${body.error ?? res.status}`);
      }
      return { token: body.token, expiresOnTimestamp: body.expiresOnTimestamp };
    },
  };
}
