import type { TokentallyConfig } from '../../config/schema.js';

export type OtlpReceiverConfig = TokentallyConfig['receivers']['otlp'];
export type OtlpHttpConfig = NonNullable<OtlpReceiverConfig['protocols']['http']>;
export type OtlpGrpcConfig = NonNullable<OtlpReceiverConfig['protocols']['grpc']>;

export const MIB = 1024 * 1024;
