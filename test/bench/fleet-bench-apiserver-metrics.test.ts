import { describe, expect, it } from 'vitest';
import { countsOf, difference, seatsOf } from './fleet-bench-apiserver-metrics.ts';

// Lines as a v1.37 apiserver's /metrics has them (bench:fleet read these from the harness's).
const METRICS = `# HELP apiserver_flowcontrol_dispatched_requests_total [BETA] Number of requests executed by API Priority and Fairness subsystem
# TYPE apiserver_flowcontrol_dispatched_requests_total counter
apiserver_flowcontrol_dispatched_requests_total{flow_schema="exempt",priority_level="exempt"} 2710
apiserver_flowcontrol_dispatched_requests_total{flow_schema="global-default",priority_level="global-default"} 561
apiserver_flowcontrol_dispatched_requests_total{flow_schema="psa-fleet-bench-limited",priority_level="psa-fleet-bench-limited"} 40
apiserver_flowcontrol_rejected_requests_total{flow_schema="psa-fleet-bench-limited",priority_level="psa-fleet-bench-limited",reason="concurrency-limit"} 7
apiserver_flowcontrol_rejected_requests_total{flow_schema="exempt",priority_level="exempt",reason="time-out"} 1
apiserver_flowcontrol_request_execution_seconds_sum{flow_schema="global-default",priority_level="global-default",type="regular"} 3.75
apiserver_flowcontrol_request_execution_seconds_count{flow_schema="global-default",priority_level="global-default",type="regular"} 561
apiserver_flowcontrol_work_estimated_seats_sum{flow_schema="global-default",priority_level="global-default"} 563
apiserver_flowcontrol_nominal_limit_seats{priority_level="exempt"} 0
apiserver_flowcontrol_nominal_limit_seats{priority_level="global-default"} 49
apiserver_flowcontrol_nominal_limit_seats{priority_level="workload-low"} 245
apiserver_request_total{code="200",component="apiserver",dry_run="All",group="",resource="namespaces",scope="resource",subresource="",verb="PATCH",version="v1"} 547
apiserver_request_total{code="200",component="apiserver",dry_run="",group="",resource="namespaces",scope="resource",subresource="",verb="PATCH",version="v1"} 9
apiserver_request_total{code="200",component="apiserver",dry_run="All",group="",resource="pods",scope="resource",subresource="",verb="POST",version="v1"} 3
`;

describe('countsOf', () => {
  it('counts the requests outside the exempt flow schema, dispatched and refused', () => {
    const counts = countsOf(METRICS);
    expect(counts.scannerRequests).toBe(601);
    expect(counts.rejected).toBe(7);
    expect(counts.executionSeconds).toBe(3.75);
    expect(counts.estimatedSeats).toBe(563);
  });

  it('counts dry-run namespace PATCHes only', () => {
    expect(countsOf(METRICS).dryRunPatches).toBe(547);
  });

  it('reads nothing from an empty exposition', () => {
    expect(countsOf('')).toEqual({ scannerRequests: 0, rejected: 0, dryRunPatches: 0, executionSeconds: 0, estimatedSeats: 0 });
  });

  it('subtracts one reading from a later one', () => {
    const before = countsOf(METRICS);
    const after = { ...before, scannerRequests: before.scannerRequests + 10, rejected: before.rejected + 2 };
    expect(difference(after, before)).toEqual({ scannerRequests: 10, rejected: 2, dryRunPatches: 0, executionSeconds: 0, estimatedSeats: 0 });
  });
});

describe('seatsOf', () => {
  it("gives a priority level's nominal seats and the server's, the exempt level left out", () => {
    expect(seatsOf(METRICS, 'global-default')).toEqual({ priorityLevel: 'global-default', nominalSeats: 49, serverSeats: 294 });
  });

  it('names the priority level it cannot find', () => {
    expect(() => seatsOf(METRICS, 'nope')).toThrow(/nope/);
  });
});
