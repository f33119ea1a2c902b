import type { Context } from "hono";
import { OcError } from "@opsconductor/sdk";
import { hostError } from "../../errors.ts";
import { presentedWebhookToken } from "../../webhooks/webhook-token.ts";
import type { ApiEnv } from "../env.ts";
import { route, type RouteSpec } from "../routing.ts";
import type { ApiServices } from "../services.ts";
import { platformOf } from "./addon-platform.ts";

/** A webhook delivery larger than this is refused (413) before it reaches the addon. */
export const WEBHOOK_BODY_LIMIT = 256 * 1024;

/** The body's text, after the checks the host makes: JSON media type, size. The sandbox parses it. */
async function readWebhookText(c: Context<ApiEnv>): Promise<string> {
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(c.req.header("content-type") ?? "")) {
    throw hostError("BODY_UNSUPPORTED_MEDIA_TYPE", "webhook bodies must be JSON (Content-Type: application/json)");
  }
  const bytes = await c.req.arrayBuffer();
  if (bytes.byteLength > WEBHOOK_BODY_LIMIT) throw hostError("BODY_TOO_LARGE", `a webhook body may be at most ${WEBHOOK_BODY_LIMIT} bytes`);
  return new TextDecoder().decode(bytes);
}

/**
 * POST /webhooks/:connectorId: public (senders have no account), authenticated by the
 * instance's own token. Not audited: it is machine traffic; the alerts it makes have history.
 */
export function webhookRoutes(s: ApiServices): RouteSpec[] {
  return [
    route("post", "/webhooks/:connectorId", "public", async (c) => {
      const webhooks = platformOf(s).webhooks;
      const token = presentedWebhookToken((name) => c.req.header(name), (name) => c.req.query(name));
      // The token is checked, and the delivery admitted, before the body is read.
      const connector = webhooks.authenticate(c.req.param("connectorId") ?? "", token);
      try {
        return c.json(await webhooks.deliver(connector, c.req.header(), () => readWebhookText(c)), 202);
      } catch (error) {
        // The rest of a stalled body is not waited for: the connection closes after the answer.
        if (OcError.is(error, "WEBHOOK_UPLOAD_TIMEOUT")) c.env.outgoing?.setHeader("connection", "close");
        throw error;
      }
    }, { audit: false }),
  ];
}
