export { OcError, toErrorData, type ErrorData } from "./errors/oc-error.ts";
export { SdkErrorCodes, type SdkErrorCode } from "./errors/codes.ts";
export * from "./alerts/model.ts";
export * from "./alerts/mappings.ts";
export { BaseNormalizer, isClearAlertType, alertTypeBase, PROBLEM_SUFFIXES } from "./normalizer/base-normalizer.ts";
export { BaseConnector, createAlert } from "./connector/base-connector.ts";
export type * from "./connector/types.ts";
export { createAjv, validatorFor, assertValid, describeErrors } from "./schemas/validator.ts";
