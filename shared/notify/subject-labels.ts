// A few words per finding kind for a subject line, where the catalogue's titles are too long (an
// SNS subject holds 100 characters, cluster name included). Typed by the catalogue's kinds, so a new
// kind does not compile until it has its words here.
import type { FindingKind } from '../drift/finding-catalogue.ts';

export const SUBJECT_LABELS: Readonly<Record<FindingKind, string>> = {
  'psp-removal-regression': 'PSP removal',
  'psp-dependency': 'relies on PSP',
  'enforcement-removed': 'enforcement removed',
  'enforcement-relaxed': 'enforcement relaxed',
  'enforce-version-unpinned': 'version unpinned',
  'enforce-version-moved': 'version pin moved',
  'unlabelled-namespace-new': 'new unlabelled namespace',
  'violations-in-place': 'violations in place',
  'target-violations-new': 'new target violations',
  'cluster-upgraded': 'cluster upgraded',
  'scan-degraded': 'scan incomplete',
  'evidence-limited': 'server answer limited',
  'model-disagreement': 'model disagrees',
  'violations-resolved': 'violations resolved',
  'ready-to-promote': 'ready to promote',
  baseline: 'baseline',
};
