import { cloudEventJson, type CloudEventInput } from '@continuity/contracts';

/** Structured-mode value as text, exactly what contracts' `encodeCloudEvent` sends as bytes. */
export const encodeValue = (input: CloudEventInput): string => cloudEventJson(input);
