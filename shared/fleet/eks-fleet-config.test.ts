import { describe, expect, it } from 'vitest';
import { DEFAULT_OPT_OUT_TAG, FleetConfigError, parseEksFleetConfig } from './eks-fleet-config.ts';

const PEM_BASE64 = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64');

/** The problems parseEksFleetConfig reports for `input`, or [] when it accepts it. */
function problems(input: unknown): readonly string[] {
  try {
    parseEksFleetConfig(input, 'fleet.json');
    return [];
  } catch (error) {
    if (!(error instanceof FleetConfigError)) throw error;
    return error.problems;
  }
}

describe('parseEksFleetConfig', () => {
  it('fills in the defaults', () => {
    expect(parseEksFleetConfig({ accounts: [{ regions: ['eu-west-1'] }] }, 'fleet.json')).toEqual({
      accounts: [{ regions: ['eu-west-1'] }],
      optOutTag: DEFAULT_OPT_OUT_TAG,
      roleSessionName: 'psa-fleet-scanner',
      endpointOverrides: {},
      awsEndpoints: {},
      listClustersPageSize: 100,
    });
    expect(DEFAULT_OPT_OUT_TAG).toEqual({ key: 'psa-fleet-scanner/opt-out', value: 'true' });
  });

  it('keeps roles, overrides, endpoints and the opt-out tag as given', () => {
    const config = {
      accounts: [
        { roleArn: 'arn:aws:iam::111122223333:role/psa-scanner', externalId: 'ext-1', regions: ['eu-west-1', 'us-east-2'] },
        { regions: ['eu-central-1'] },
      ],
      optOutTag: { key: 'compliance/skip', value: 'yes' },
      roleSessionName: 'nightly',
      endpointOverrides: {
        'arn:aws:eks:eu-west-1:111122223333:cluster/private': {
          endpointUrl: 'https://vpce-123.eks.eu-west-1.vpce.amazonaws.com',
          certificateAuthorityData: PEM_BASE64,
          tlsServerName: 'abc.gr7.eu-west-1.eks.amazonaws.com',
        },
      },
      awsEndpoints: { eks: 'http://127.0.0.1:5000', sts: 'http://127.0.0.1:5000' },
      listClustersPageSize: 2,
    };

    expect(parseEksFleetConfig(config, 'fleet.json')).toEqual(config);
  });

  it('names the source, the field and what is wrong', () => {
    expect(
      problems({
        accounts: [{ roleArn: 'psa-scanner', regions: ['eu-west-1', 'Europe'] }, { regions: [] }],
        listClustersPageSize: 500,
      }),
    ).toEqual([
      'fleet.json: accounts[0].roleArn: must be an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)',
      'fleet.json: accounts[0].regions[1]: must be an AWS region such as eu-west-1',
      'fleet.json: accounts[1].regions: must list at least one region',
      expect.stringMatching(/^fleet\.json: listClustersPageSize: .*100/) as unknown as string,
    ]);
  });

  it('refuses unknown fields, so a misspelt one is not silently ignored', () => {
    expect(problems({ accounts: [{ regions: ['eu-west-1'], region: 'x' }], optOutTags: {} })).toEqual([
      expect.stringMatching(/^fleet\.json: accounts\[0\]: .*"region"/) as unknown as string,
      expect.stringMatching(/^fleet\.json: \(root\): .*"optOutTags"/) as unknown as string,
    ]);
  });

  it('refuses the same account or region twice, and an externalId without a role', () => {
    expect(problems({ accounts: [{ regions: ['eu-west-1', 'eu-west-1'] }] })).toEqual(['fleet.json: accounts[0].regions: lists a region twice']);
    expect(problems({ accounts: [{ regions: ['eu-west-1'] }, { regions: ['us-east-1'] }] })).toEqual([
      'fleet.json: accounts: lists the same account (roleArn, or the own credentials) twice',
    ]);
    expect(problems({ accounts: [{ externalId: 'x1', regions: ['eu-west-1'] }] })).toEqual(['fleet.json: accounts[0].externalId: externalId needs a roleArn']);
  });

  it('checks endpoint overrides: keyed by cluster ARN, https, a PEM bundle, a DNS name', () => {
    expect(
      problems({
        accounts: [{ regions: ['eu-west-1'] }],
        endpointOverrides: {
          'prod-1': { tlsServerName: 'a.example' },
          'arn:aws:eks:eu-west-1:111122223333:cluster/a': { endpointUrl: 'http://10.0.0.1', certificateAuthorityData: 'bm90IGEgY2VydA==' },
          'arn:aws:eks:eu-west-1:111122223333:cluster/b': { tlsServerName: '10.0.0.1' },
          'arn:aws:eks:eu-west-1:111122223333:cluster/c': {},
        },
      }),
    ).toEqual([
      'fleet.json: endpointOverrides.arn:aws:eks:eu-west-1:111122223333:cluster/a.endpointUrl: must be a URL (https)',
      'fleet.json: endpointOverrides.arn:aws:eks:eu-west-1:111122223333:cluster/a.certificateAuthorityData: must be base64 of a PEM CA bundle (as certificate-authority-data in a kubeconfig)',
      'fleet.json: endpointOverrides.arn:aws:eks:eu-west-1:111122223333:cluster/b.tlsServerName: must be a DNS name (TLS SNI takes no IP address)',
      'fleet.json: endpointOverrides.arn:aws:eks:eu-west-1:111122223333:cluster/c: must set endpointUrl, certificateAuthorityData or tlsServerName',
      'fleet.json: endpointOverrides.prod-1: keys must be EKS cluster ARNs (arn:aws:eks:REGION:ACCOUNT:cluster/NAME)',
    ]);
  });

  it('says what is missing at the top', () => {
    expect(problems({})).toEqual([expect.stringMatching(/^fleet\.json: accounts: /) as unknown as string]);
    expect(problems([])).toEqual([expect.stringMatching(/^fleet\.json: \(root\): /) as unknown as string]);
  });
});
