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
