// CreateInput, DescribeInput, ListInputs, UpdateInput, DeleteInput.

import type { InputRequestFields } from "../../domain/input-rules.ts";
import { inputView, type CreateInputRequestFields } from "../../domain/input-service.ts";
import type { InputRecord } from "../../domain/records.ts";
import type { ArnScope } from "../../shared/ids.ts";
import type { OperationHandler } from "../handler-types.ts";
import { memoizeJson, SerializedJson } from "../wire/serialized-json.ts";
import { encodeNextToken, pageRequest } from "../pagination.ts";
import { detectedPropertiesToWire, inputToWire } from "../wire/input-wire.ts";

/** DescribeInput's answer depends only on the record (its state is derived from it): serialized once per record. */
const describeInputJson = memoizeJson((record: InputRecord, scope: ArnScope) => inputToWire(inputView(record), scope));
/** A ListInputs page's answer, per page object (the store hands out the same page until an input changes). */
const listInputsJson = new WeakMap<object, SerializedJson>();

export const inputHandlers: Record<string, OperationHandler> = {
  async CreateInput(input, context) {
    const view = await context.inputs.create(input as CreateInputRequestFields);
    return { input: inputToWire(view, context.scope) };
  },
  async DescribeInput(input, context) {
    const record = (await context.inputs.describe(String(input.inputId))).record;
    const detected = await context.runtime.detectedProperties(record.id);
    if (detected.length === 0) return describeInputJson(record, context.scope);
    // openlive extension: what each pipeline detected on its source while a channel runs.
    return { ...inputToWire(inputView(record), context.scope), detectedProperties: detectedPropertiesToWire(detected) };
  },
  async ListInputs(input, context) {
    const page = await context.inputs.list(pageRequest("ListInputs", input));
    const known = listInputsJson.get(page);
    if (known) return known;
    const nextToken = encodeNextToken("ListInputs", page.nextAfter);
    // Each listed input is the same JSON as its DescribeInput answer, serialized once per record.
    const items = page.items.map((view) => describeInputJson(view.record, context.scope).text).join(",");
    const json = new SerializedJson(`{"inputs":[${items}]${nextToken ? `,"nextToken":${JSON.stringify(nextToken)}` : ""}}`);
    listInputsJson.set(page, json);
    return json;
  },
  async UpdateInput(input, context) {
    const { inputId, ...fields } = input;
    const view = await context.inputs.update(String(inputId), fields as InputRequestFields);
    return { input: inputToWire(view, context.scope) };
  },
  async DeleteInput(input, context) {
    await context.inputs.delete(String(input.inputId));
    return {};
  },
};
