import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { matchOperation, pathKnown } from "../../../src/api/model/operations.ts";
import { decodeRequest } from "../../../src/api/model/decode-request.ts";
import { ApiError } from "../../../src/shared/errors.ts";

describe("matchOperation", () => {
  it("finds operations by method and path and decodes labels", () => {
    assert.equal(matchOperation("GET", "/prod/inputs")?.name, "ListInputs");
    assert.equal(matchOperation("POST", "/prod/inputs")?.name, "CreateInput");
    const describe_ = matchOperation("GET", "/prod/inputs/1234567");
    assert.equal(describe_?.name, "DescribeInput");
    assert.deepEqual(describe_?.labels, { inputId: "1234567" });
    const tags = matchOperation("DELETE", "/prod/tags/arn%3Aaws%3Amedialive%3Aus-east-1%3A000000000000%3Ainput%3A1234567");
    assert.equal(tags?.name, "DeleteTags");
    assert.equal(tags?.labels["resource-arn"], "arn:aws:medialive:us-east-1:000000000000:input:1234567");
  });

  it("prefers literal segments over labels", () => {
    assert.equal(matchOperation("PUT", "/prod/channels/123/channelClass")?.name, "UpdateChannelClass");
    assert.equal(matchOperation("POST", "/prod/inputs/123/partners")?.name, "CreatePartnerInput");
  });

  it("returns nothing for unknown paths and bad encodings", () => {
    assert.equal(matchOperation("GET", "/prod/nothing"), undefined);
    assert.equal(matchOperation("GET", "/prod/inputs/%E0%A4%A"), undefined);
    assert.equal(matchOperation("PATCH", "/prod/inputs"), undefined);
    assert.equal(pathKnown("/prod/inputs"), true);
    assert.equal(matchOperation("GET", "/prod/inputs/"), undefined);
    assert.equal(matchOperation("GET", "/prod//inputs"), undefined);
    assert.equal(matchOperation("GET", "prod/inputs"), undefined);
  });
});

describe("decodeRequest", () => {
  const listInputs = matchOperation("GET", "/prod/inputs")!;
  const deleteTags = matchOperation("DELETE", "/prod/tags/arn%3Ax")!;
  const createIsg = matchOperation("POST", "/prod/inputSecurityGroups")!;

  it("reads integers and repeated list parameters from the query", () => {
    assert.deepEqual(decodeRequest(listInputs, { rawQuery: "maxResults=5&nextToken=abc", body: undefined, contentType: undefined }), { input: { maxResults: 5, nextToken: "abc" }, problems: [] });
    assert.deepEqual(decodeRequest(deleteTags, { rawQuery: "tagKeys=a&tagKeys=b%20c", body: undefined, contentType: undefined }).input, { "resource-arn": "arn:x", tagKeys: ["a", "b c"] });
  });

  it("hands the model problems of 422 operations to the operation instead of throwing", () => {
    const createChannel = matchOperation("POST", "/prod/channels")!;
    const decoded = decodeRequest(createChannel, { rawQuery: "", body: Buffer.from('{"channelClass":"BOGUS"}'), contentType: "application/json" });
    assert.equal(decoded.problems.length, 1);
    assert.equal(decoded.problems[0]!.elementPath, "channelClass");
  });

  it("refuses malformed JSON, non-object bodies and bad query values with BadRequest", () => {
    const cases: [string, string | undefined, RegExp][] = [
      ["", "{", /not valid JSON/],
      ["", "[1]", /must be a JSON object/],
      ["maxResults=abc", undefined, /maxResults: expected an integer/],
      ["maxResults=1&maxResults=2", undefined, /given more than once/],
    ];
    for (const [rawQuery, body, message] of cases) {
      const match = body === undefined ? listInputs : createIsg;
      assert.throws(
        () => decodeRequest(match, { rawQuery, body: body === undefined ? undefined : Buffer.from(body), contentType: "application/json" }),
        (error: unknown) => error instanceof ApiError && error.shape === "BadRequestException" && message.test(error.message),
      );
    }
  });

  it("refuses bodies that are not JSON by content type", () => {
    assert.throws(
      () => decodeRequest(createIsg, { rawQuery: "", body: Buffer.from("a=b"), contentType: "application/x-www-form-urlencoded" }),
      (error: unknown) => error instanceof ApiError && error.code === "OL_REQUEST_UNSUPPORTED_MEDIA_TYPE",
    );
  });
});

describe("decodeRequest bounds every string", () => {
  const body = (value: unknown) => ({ rawQuery: "", body: Buffer.from(JSON.stringify(value)), contentType: "application/json" });

  it("answers 400 OL_REQUEST_MEMBER_TOO_LONG naming the member for input operations", () => {
    const match = matchOperation("PUT", "/prod/inputs/1234567")!;
    assert.throws(
      () => decodeRequest(match, body({ name: "n".repeat(100_000) })),
      (error: unknown) => error instanceof ApiError && error.code === "OL_REQUEST_MEMBER_TOO_LONG" && error.status === 400 && error.message === "name is 100000 characters long; at most 256 are accepted",
    );
    assert.equal(decodeRequest(match, body({ name: "n".repeat(256) })).input.name, "n".repeat(256));
  });

  it("lists every member over its limit, with the 422 validationErrors of channel operations", () => {
    const match = matchOperation("POST", "/prod/channels")!;
    assert.throws(
      () => decodeRequest(match, body({ name: "n".repeat(300), roleArn: "r".repeat(3000), inputAttachments: [{ inputId: 5 }] })),
      (error: unknown) =>
        error instanceof ApiError && error.code === "OL_REQUEST_UNPROCESSABLE" && error.status === 422 &&
        JSON.stringify(error.validationErrors) === JSON.stringify([
          { elementPath: "name", errorMessage: "is 300 characters long; at most 256 are accepted" },
          { elementPath: "roleArn", errorMessage: "is 3000 characters long; at most 2048 are accepted" },
        ]),
    );
  });
});
