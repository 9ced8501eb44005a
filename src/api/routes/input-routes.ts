// CreateInput, DescribeInput, ListInputs, UpdateInput, DeleteInput.

import type { CreateInputRequestFields } from "../../domain/input-service.ts";
import type { InputRequestFields } from "../../domain/input-rules.ts";
import type { OperationHandler } from "../handler-types.ts";
import { encodeNextToken, pageRequest } from "../pagination.ts";
import { inputToWire } from "../wire/input-wire.ts";

export const inputHandlers: Record<string, OperationHandler> = {
  async CreateInput(input, context) {
    const view = await context.inputs.create(input as CreateInputRequestFields);
    return { input: inputToWire(view, context.scope) };
  },
  async DescribeInput(input, context) {
    return inputToWire(await context.inputs.describe(String(input.inputId)), context.scope);
  },
  async ListInputs(input, context) {
    const page = await context.inputs.list(pageRequest("ListInputs", input));
    const nextToken = encodeNextToken("ListInputs", page.nextAfter);
    return { inputs: page.items.map((view) => inputToWire(view, context.scope)), ...(nextToken ? { nextToken } : {}) };
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
