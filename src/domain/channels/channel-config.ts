// A channel's MediaLive configuration, kept in MediaLive's own wire form: it is stored
// verbatim, so DescribeChannel returns exactly the JSON the user sent, and the encoder
// (running-channels issue) reads the same members MediaLive documents.

import type {
  CdiInputSpecification,
  ChannelClass,
  EncoderSettings,
  InputAttachment,
  InputSpecification,
  LogLevel,
  MaintenanceCreateSettings,
  OutputDestination,
} from "../../model/generated/medialive-types.ts";

export type { ChannelClass };

/** How the schedule, the failover pair and the pipelines name an attachment: its inputAttachmentName, else its input ID. */
export function attachmentNameOf(attachment: Pick<InputAttachment, "inputAttachmentName" | "inputId">): string {
  return attachment.inputAttachmentName ?? attachment.inputId ?? "";
}

export interface ChannelConfig {
  readonly name?: string;
  readonly channelClass: ChannelClass;
  readonly inputAttachments: readonly InputAttachment[];
  readonly inputSpecification?: InputSpecification;
  readonly destinations: readonly OutputDestination[];
  readonly encoderSettings?: EncoderSettings;
  readonly roleArn?: string;
  readonly logLevel?: LogLevel;
  readonly maintenance?: MaintenanceCreateSettings;
  readonly cdiInputSpecification?: CdiInputSpecification;
}
