import { describe, expect, it } from 'vitest';
import { demoEndpoints } from '../../src/demo/endpoints.js';

describe('demo endpoints', () => {
  it.each([
    [undefined, undefined, 'http://127.0.0.1:4318/v1/traces', 'http://127.0.0.1:4319'],
    ['http://collector:4318', undefined, 'http://collector:4318/v1/traces', 'http://collector:4319'],
    ['http://[::1]:4318/v1/traces', undefined, 'http://[::1]:4318/v1/traces', 'http://[::1]:4319'],
    ['https://otel.example.com/custom/traces', 'https://api.example.com/', 'https://otel.example.com/custom/traces', 'https://api.example.com'],
  ])('--endpoint %s --api %s', (endpoint, api, otlp, apiUrl) => {
    expect(demoEndpoints(endpoint, api)).toEqual({ otlp, api: apiUrl });
  });
});
