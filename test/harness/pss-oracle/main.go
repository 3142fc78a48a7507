// Command pss-oracle evaluates pods with the upstream Pod Security evaluator
// (k8s.io/pod-security-admission/policy), so the TypeScript engine can be compared with it.
//
// Default mode streams JSON lines. Each input line is
//
//	{"level":"restricted","version":"v1.30","pod":{"metadata":{...},"spec":{...}}}
//
// and produces exactly one output line, in order:
//
//	{"allowed":false,"reasons":["privileged"],"details":["container \"a\" must not ..."]}
//
// or {"error":"..."} when the line cannot be decoded, so a client never loses its place.
//
// A line with "yaml" instead of "pod" holds the text of one YAML document, which is decoded
// the way kube-apiserver decodes a YAML body under strict field validation (and kubectl reads
// a manifest): sigs.k8s.io/yaml's YAMLToJSONStrict (go-yaml v2, duplicate keys refused), then
// the JSON into a corev1.Pod case-sensitively. The answer says how far that got:
//
//	{"json":"{...}","pod":true,"allowed":true,"reasons":[],"details":[]}
//	{"yamlError":"error converting YAML to JSON: yaml: line 3: ..."}
//	{"json":"{...}","podError":"json: cannot unmarshal ..."}
//
// Output is flushed whenever no more input is buffered, so a client may pipeline batches.
//
// With -bench N it reads every line first, decodes them (untimed), evaluates the batch once
// to warm up, then times N rounds of the evaluation loop only and prints one JSON object
// with pods per second.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
	sigsjson "sigs.k8s.io/json"
	sigsyaml "sigs.k8s.io/yaml"
)

type request struct {
	Level   string          `json:"level"`
	Version string          `json:"version"`
	Pod     json.RawMessage `json:"pod"`
	YAML    *string         `json:"yaml"`
}

// yamlResponse answers a "yaml" request; verdict fields only when the Pod decoded.
type yamlResponse struct {
	JSON      *string  `json:"json,omitempty"`
	YAMLError string   `json:"yamlError,omitempty"`
	PodError  string   `json:"podError,omitempty"`
	Pod       bool     `json:"pod"`
	Allowed   bool     `json:"allowed"`
	Reasons   []string `json:"reasons"`
	Details   []string `json:"details"`
}

type response struct {
	Allowed bool     `json:"allowed"`
	Reasons []string `json:"reasons"`
	Details []string `json:"details"`
}

type errorResponse struct {
	Error string `json:"error"`
}

type item struct {
	lv  api.LevelVersion
	pod corev1.Pod
	// yaml is set for a "yaml" request: the answer is already known when decoding failed.
	yaml *yamlResponse
}

const ioBufferSize = 4 << 20

func main() {
	benchRounds := flag.Int("bench", 0, "read all input, then time N rounds of evaluation and print pods/s (0: stream verdicts)")
	flag.Parse()

	// nil emulation version: versions newer than the newest check are evaluated as the newest,
	// exactly as kube-apiserver does.
	evaluator, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		fail(err)
	}
	in := bufio.NewReaderSize(os.Stdin, ioBufferSize)
	out := bufio.NewWriterSize(os.Stdout, ioBufferSize)
	defer out.Flush()

	if *benchRounds > 0 {
		if err := bench(evaluator, in, out, *benchRounds); err != nil {
			fail(err)
		}
		return
	}
	if err := stream(evaluator, in, out); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "pss-oracle:", err)
	os.Exit(1)
}

// decode parses one input line. The pod is decoded case-sensitively, as kube-apiserver's
// JSON serializer does (sigs.k8s.io/json); encoding/json alone would also accept "HostNetwork".
func decode(line []byte) (item, error) {
	var req request
	if err := json.Unmarshal(line, &req); err != nil {
		return item{}, fmt.Errorf("request: %w", err)
	}
	level, err := api.ParseLevel(req.Level)
	if err != nil {
		return item{}, fmt.Errorf("level %q: %w", req.Level, err)
	}
	version, err := api.ParseVersion(req.Version)
	if err != nil {
		return item{}, fmt.Errorf("version %q: %w", req.Version, err)
	}
	it := item{lv: api.LevelVersion{Level: level, Version: version}}
	if req.YAML != nil {
		it.yaml = decodeYAML([]byte(*req.YAML), &it.pod)
		return it, nil
	}
	if len(req.Pod) == 0 {
		return item{}, errors.New("pod: missing")
	}
	if err := sigsjson.UnmarshalCaseSensitivePreserveInts(req.Pod, &it.pod); err != nil {
		return item{}, fmt.Errorf("pod: %w", err)
	}
	return it, nil
}

// decodeYAML decodes one YAML document as kube-apiserver decodes a YAML request body with
// fieldValidation=Strict (k8s.io/apimachinery runtime/serializer/json: YAMLToJSONStrict, then JSON).
func decodeYAML(doc []byte, pod *corev1.Pod) *yamlResponse {
	converted, err := sigsyaml.YAMLToJSONStrict(doc)
	if err != nil {
		return &yamlResponse{YAMLError: err.Error()}
	}
	text := string(converted)
	resp := &yamlResponse{JSON: &text}
	if err := sigsjson.UnmarshalCaseSensitivePreserveInts(converted, pod); err != nil {
		resp.PodError = err.Error()
		return resp
	}
	resp.Pod = true
	return resp
}

func evaluate(evaluator policy.Evaluator, it *item) policy.AggregateCheckResult {
	return policy.AggregateCheckResults(evaluator.EvaluatePod(it.lv, &it.pod.ObjectMeta, &it.pod.Spec))
}

// readLine returns the next non-empty line without its newline, or io.EOF.
func readLine(in *bufio.Reader) ([]byte, error) {
	for {
		line, err := in.ReadBytes('\n')
		if len(line) > 0 && line[len(line)-1] == '\n' {
			line = line[:len(line)-1]
		}
		if len(line) > 0 && line[len(line)-1] == '\r' {
			line = line[:len(line)-1]
		}
		if len(line) > 0 {
			return line, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

func stream(evaluator policy.Evaluator, in *bufio.Reader, out *bufio.Writer) error {
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for {
		// Flush before we might block on input: a pipelining client sees every answer to
		// what it has sent so far, and a large batch still costs one write per buffer.
		if in.Buffered() == 0 {
			if err := out.Flush(); err != nil {
				return err
			}
		}
		line, err := readLine(in)
		if errors.Is(err, io.EOF) {
			return out.Flush()
		}
		if err != nil {
			return err
		}
		it, err := decode(line)
		if err != nil {
			if err := enc.Encode(errorResponse{Error: err.Error()}); err != nil {
				return err
			}
			continue
		}
		if it.yaml != nil {
			if it.yaml.Pod {
				agg := evaluate(evaluator, &it)
				it.yaml.Allowed, it.yaml.Reasons, it.yaml.Details = agg.Allowed, agg.ForbiddenReasons, agg.ForbiddenDetails
			}
			if it.yaml.Reasons == nil {
				it.yaml.Reasons = []string{}
			}
			if it.yaml.Details == nil {
				it.yaml.Details = []string{}
			}
			if err := enc.Encode(it.yaml); err != nil {
				return err
			}
			continue
		}
		agg := evaluate(evaluator, &it)
		resp := response{Allowed: agg.Allowed, Reasons: agg.ForbiddenReasons, Details: agg.ForbiddenDetails}
		if resp.Reasons == nil {
			resp.Reasons = []string{}
		}
		if resp.Details == nil {
			resp.Details = []string{}
		}
		if err := enc.Encode(resp); err != nil {
			return err
		}
	}
}

type benchResult struct {
	Pods          int     `json:"pods"`
	Rounds        int     `json:"rounds"`
	Seconds       float64 `json:"seconds"`
	PodsPerSecond float64 `json:"podsPerSecond"`
	Denied        int     `json:"denied"`
}

func bench(evaluator policy.Evaluator, in *bufio.Reader, out *bufio.Writer, rounds int) error {
	var items []item
	for {
		line, err := readLine(in)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		it, err := decode(line)
		if err != nil {
			return fmt.Errorf("line %d: %w", len(items)+1, err)
		}
		items = append(items, it)
	}
	if len(items) == 0 {
		return errors.New("bench: no pods on stdin")
	}

	denied := 0
	for i := range items { // warm-up, untimed
		if !evaluate(evaluator, &items[i]).Allowed {
			denied++
		}
	}
	start := time.Now()
	for r := 0; r < rounds; r++ {
		for i := range items {
			if !evaluate(evaluator, &items[i]).Allowed {
				denied++
			}
		}
	}
	elapsed := time.Since(start).Seconds()

	enc := json.NewEncoder(out)
	return enc.Encode(benchResult{
		Pods:          len(items),
		Rounds:        rounds,
		Seconds:       elapsed,
		PodsPerSecond: float64(len(items)*rounds) / elapsed,
		Denied:        denied / (rounds + 1),
	})
}
