// One namespace's pods are judged several times in a scan: by attribution at the enforce level and
// at the target, and by the namespace-update model at the version the dry-run sent (an equivalent
// one, with the same checks). A verdict depends only on the pod and the check set, so each pod is
// evaluated once per check set.
import { checkSetKey, evaluatePod, type EvaluatePod } from '../pss/evaluate.ts';
import type { PodUnderTest } from '../pss/pod.ts';
import type { PodVerdict } from '../pss/verdict.ts';

export function memoizedEvaluator(): EvaluatePod {
  const verdicts = new WeakMap<PodUnderTest, Map<string, PodVerdict>>();
  return (lv, pod) => {
    const key = checkSetKey(lv);
    let byCheckSet = verdicts.get(pod);
    if (byCheckSet === undefined) verdicts.set(pod, (byCheckSet = new Map()));
    let verdict = byCheckSet.get(key);
    if (verdict === undefined) byCheckSet.set(key, (verdict = evaluatePod(lv, pod)));
    return verdict;
  };
}
