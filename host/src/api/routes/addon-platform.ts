import type { AddonPlatform } from "../../addons/platform.ts";
import { hostError } from "../../errors.ts";
import type { ApiServices } from "../services.ts";

/** The daemon's addon platform, or ADDONS_UNAVAILABLE (an API built without one, as in some tests). */
export function platformOf(s: ApiServices): AddonPlatform {
  const platform = s.deps.addons;
  if (!platform) throw hostError("ADDONS_UNAVAILABLE", "the addon platform is not running");
  return platform;
}
