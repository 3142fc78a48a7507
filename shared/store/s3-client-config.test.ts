import { describe, expect, it } from 'vitest';
import { s3ClientSettings } from './s3-client-config.ts';

describe('s3ClientSettings', () => {
  it('takes the endpoint, region and static keys from the given variables', () => {
    expect(
      s3ClientSettings({
        AWS_ENDPOINT_URL: 'http://127.0.0.1:5000',
        AWS_REGION: 'eu-west-1',
        AWS_DEFAULT_REGION: 'us-west-2',
        AWS_ACCESS_KEY_ID: 'AKID',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SESSION_TOKEN: 'token',
      }),
    ).toEqual({
      ok: true,
      settings: { region: 'eu-west-1', endpoint: 'http://127.0.0.1:5000', credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret', sessionToken: 'token' }, profile: undefined },
    });
  });

  it('prefers the S3-specific endpoint and leaves credentials to the default chain when no keys are given', () => {
    expect(s3ClientSettings({ AWS_ENDPOINT_URL: 'http://a', AWS_ENDPOINT_URL_S3: 'https://s3.example', AWS_PROFILE: 'audit', AWS_DEFAULT_REGION: 'us-west-2' })).toEqual({
      ok: true,
      settings: { region: 'us-west-2', endpoint: 'https://s3.example', credentials: undefined, profile: 'audit' },
    });
    expect(s3ClientSettings({})).toMatchObject({ ok: true, settings: { region: 'us-east-1', endpoint: undefined } });
  });

  it('names the variable that is wrong', () => {
    expect(s3ClientSettings({ AWS_ENDPOINT_URL_S3: 'localhost:9000' })).toEqual({ ok: false, message: 'AWS_ENDPOINT_URL_S3: "localhost:9000" is not an http(s) URL' });
    expect(s3ClientSettings({ AWS_ACCESS_KEY_ID: 'AKID' })).toEqual({ ok: false, message: 'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: set both or neither' });
  });
});
