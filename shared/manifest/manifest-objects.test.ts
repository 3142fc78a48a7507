import { describe, expect, it } from 'vitest';
import { documentObjects, type ManifestObject, type ManifestProblem } from './manifest-objects.ts';
import { readDocuments } from './read-documents.ts';

async function objectsOf(text: string) {
  const objects: ManifestObject[] = [];
  const problems: ManifestProblem[] = [];
  for await (const { index, document } of readDocuments([text], { maxDocumentBytes: 1 << 20 }, 'the limit')) {
    for (const entry of documentObjects(index, document)) {
      if ('object' in entry) objects.push(entry.object);
      else problems.push(entry.problem);
    }
  }
  return { objects, problems };
}

describe('documentObjects', () => {
  it('gives each object its document index, kind, namespace and name', async () => {
    const { objects, problems } = await objectsOf(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: ns}\n---\nkind: Service\nmetadata: {name: b}\n',
    );

    expect(problems).toEqual([]);
    expect(objects.map(({ index, item, apiVersion, kind, namespace, name }) => ({ index, item, apiVersion, kind, namespace, name }))).toEqual([
      { index: 0, item: null, apiVersion: 'v1', kind: 'Pod', namespace: 'ns', name: 'a' },
      { index: 1, item: null, apiVersion: null, kind: 'Service', namespace: null, name: 'b' },
    ]);
  });

  it('skips empty documents without renumbering the others', async () => {
    const { objects } = await objectsOf('---\n# nothing here\n---\nkind: Pod\n');

    expect(objects.map((o) => o.index)).toEqual([1]);
  });

  it('takes the items of a List one by one, numbered within the list', async () => {
    const { objects, problems } = await objectsOf(
      'kind: Service\n---\napiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: Pod, metadata: {name: a}}\n  - {apiVersion: apps/v1, kind: Deployment, metadata: {name: b}}\n',
    );

    expect(problems).toEqual([]);
    expect(objects.map(({ index, item, kind, name }) => ({ index, item, kind, name }))).toEqual([
      { index: 0, item: null, kind: 'Service', name: null },
      { index: 1, item: 0, kind: 'Pod', name: 'a' },
      { index: 1, item: 1, kind: 'Deployment', name: 'b' },
    ]);
  });

  it('gives items of a typed list (as the API returns them) the kind and apiVersion of the list', async () => {
    const { objects } = await objectsOf('apiVersion: apps/v1\nkind: DeploymentList\nitems:\n  - metadata: {name: web}\n');

    expect(objects).toMatchObject([{ index: 0, item: 0, apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }]);
  });

  it('reads an empty List as no objects', async () => {
    expect(await objectsOf('apiVersion: v1\nkind: List\nitems: []\n')).toEqual({ objects: [], problems: [] });
  });

  it('treats a kind ending in List without items as an ordinary object', async () => {
    const { objects } = await objectsOf('apiVersion: example.com/v1\nkind: AllowList\nspec: {}\n');

    expect(objects).toMatchObject([{ kind: 'AllowList', item: null }]);
  });

  it.each([
    ['a scalar document', 'kind: Pod\n---\njust text\n', { index: 1, item: null, message: 'expected a Kubernetes object, found a string' }],
    ['a list document', '- kind: Pod\n', { index: 0, item: null, message: 'expected a Kubernetes object, found a list' }],
    ['an object without kind', 'apiVersion: v1\nmetadata: {name: a}\n', { index: 0, item: null, message: 'missing kind' }],
    ['a kind that is not a string', 'kind: 7\n', { index: 0, item: null, message: 'kind must be a string, found a number' }],
    ['an apiVersion that is not a string', 'apiVersion: [v1]\nkind: Pod\n', { index: 0, item: null, message: 'apiVersion must be a string, found a list' }],
    ['metadata that is not an object', 'kind: Pod\nmetadata: web\n', { index: 0, item: null, message: 'metadata must be an object, found a string' }],
    ['a name that is not a string', 'kind: Pod\nmetadata: {name: 5}\n', { index: 0, item: null, message: 'metadata.name must be a string, found a number' }],
    ['a namespace that YAML 1.1 reads as a boolean', 'kind: Pod\nmetadata: {namespace: no}\n', { index: 0, item: null, message: 'metadata.namespace must be a string, found a boolean' }],
    ['List items that are not a list', 'kind: List\nitems: {}\n', { index: 0, item: null, message: 'items must be a list, found an object' }],
    ['a List item without kind', 'kind: List\nitems:\n  - {kind: Pod}\n  - {metadata: {name: a}}\n', { index: 0, item: 1, message: 'missing kind' }],
    ['a List item that is not an object', 'kind: List\nitems: [3]\n', { index: 0, item: 0, message: 'expected a Kubernetes object, found a number' }],
    ['a List inside a List', 'kind: List\nitems:\n  - {kind: List, items: []}\n', { index: 0, item: 0, message: 'a List inside a List is not supported' }],
  ])('names the document at fault for %s', async (_case, text, problem) => {
    expect((await objectsOf(text)).problems).toEqual([problem]);
  });

  it('passes a syntax error through with its document index', async () => {
    const { objects, problems } = await objectsOf('kind: Pod\n---\nkind: "open\n');

    expect(objects).toHaveLength(1);
    expect(problems).toMatchObject([{ index: 1, item: null, message: expect.stringMatching(/^YAML syntax error at line \d+, column \d+/) }]);
  });
});
