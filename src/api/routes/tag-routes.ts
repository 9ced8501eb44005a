// CreateTags, DeleteTags, ListTagsForResource on channel, input and input security group ARNs.

import { ApiError } from "../../shared/errors.ts";
import { parseArn } from "../../shared/ids.ts";
import type { Tags } from "../../domain/records.ts";
import { mergeTags, removeTags } from "../../domain/tags.ts";
import type { ApiContext, OperationHandler } from "../handler-types.ts";

interface TaggedResource {
  readonly tags: Tags;
  readonly setTags: (tags: Tags) => Promise<void>;
}

async function resolve(arn: string, context: ApiContext): Promise<TaggedResource> {
  const parsed = parseArn(arn);
  if (!parsed || parsed.region !== context.scope.region || parsed.accountId !== context.scope.accountId) throw new ApiError("OL_TAGS_BAD_ARN", { arn });
  try {
    if (parsed.type === "input") {
      const record = await context.inputs.live(parsed.id);
      return { tags: record.tags, setTags: (tags) => context.inputs.setTags(parsed.id, tags) };
    }
    if (parsed.type === "channel") {
      const record = await context.channels.live(parsed.id);
      return { tags: record.tags, setTags: (tags) => context.channels.setTags(parsed.id, tags) };
    }
    if (parsed.type === "inputSecurityGroup") {
      const record = await context.isgs.live(parsed.id);
      return { tags: record.tags, setTags: (tags) => context.isgs.setTags(parsed.id, tags) };
    }
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) throw new ApiError("OL_TAGS_BAD_ARN", { arn });
    throw error;
  }
  throw new ApiError("OL_TAGS_BAD_ARN", { arn });
}

export const tagHandlers: Record<string, OperationHandler> = {
  async CreateTags(input, context) {
    const resource = await resolve(String(input["resource-arn"]), context);
    await resource.setTags(mergeTags(resource.tags, (input.tags as Tags | undefined) ?? {}));
    return undefined;
  },
  async DeleteTags(input, context) {
    const resource = await resolve(String(input["resource-arn"]), context);
    await resource.setTags(removeTags(resource.tags, (input.tagKeys as string[] | undefined) ?? []));
    return undefined;
  },
  async ListTagsForResource(input, context) {
    const resource = await resolve(String(input["resource-arn"]), context);
    return { tags: { ...resource.tags } };
  },
};
