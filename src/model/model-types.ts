// The shape of the generated model tables (src/model/generated/medialive-model.ts).

export interface ModelMember {
  /** Name of the member's shape in MODEL_SHAPES. */
  readonly shape: string;
  /** The JSON key, query parameter or path label on the wire (botocore locationName). */
  readonly wire: string;
  /** Where the member travels; absent = JSON body. */
  readonly location?: string;
  readonly idempotencyToken?: true;
}

export interface ModelShape {
  readonly type: string;
  readonly members?: Readonly<Record<string, ModelMember>>;
  /** Member names (model casing) that must be present. */
  readonly required?: readonly string[];
  readonly enum?: readonly string[];
  readonly member?: string;
  readonly key?: string;
  readonly value?: string;
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly exception?: { readonly status: number };
}

export interface ModelOperation {
  readonly method: string;
  /** Path template, e.g. "/prod/inputs/{inputId}". */
  readonly path: string;
  /** HTTP status of a successful response. */
  readonly status: number;
  readonly input?: string;
  readonly output?: string;
  readonly errors: readonly string[];
  readonly pagination?: {
    readonly inputToken: string;
    readonly outputToken: string;
    readonly limitKey: string;
    readonly resultKey: string;
  };
}
