#!/usr/bin/env python3
"""Compares time windows of one JFR recording: where a stretch of slow latency differs from a calm one.

Usage: bench/scripts/jfr-window.py recording.jfr FROM-TO [FROM-TO ...]
  Each window is wall-clock HH:MM:SS-HH:MM:SS (UTC, as the bench log prints them), e.g. 21:31:13-21:31:22.
For each window it prints the JVM's and the machine's CPU (% of all cores, averaged per second), the CPU
of the busiest threads (jdk.ThreadCPULoad, sampled every 10 s; so compiler threads show), the longest GC pause, and per
second the stream thread's samples: Java samples, native samples by method (EPoll.wait is an idle poll,
RocksDB.get a store read) and the Casefile processors they ran in. Runs the JDK's `jfr` tool.
"""
import collections
import re
import subprocess
import sys

path, windows = sys.argv[1], [w.split("-") for w in sys.argv[2:]]
EVENTS = "jdk.CPULoad,jdk.ThreadCPULoad,jdk.GarbageCollection,jdk.ExecutionSample,jdk.NativeMethodSample"
text = subprocess.run(["jfr", "print", "--events", EVENTS, "--stack-depth", "64", path],
                      capture_output=True, text=True, check=True).stdout
PROCESSORS = ("TraceAssembler.process", "TurnLinker.process", "TicketResolver.process", "FeedbackRegistry.process",
              "RateAggregator.process", "ComplaintIndexer.process")


def field(event, name):
    match = re.search(name + r" = ([\d.]+)", event)
    return float(match.group(1)) if match else 0.0


for start, end in windows:
    seconds = collections.Counter()
    jvm, machine = [], []
    thread_cpu = collections.defaultdict(collections.Counter)  # thread name (numbers as #) -> event time -> load
    longest_gc_ms = 0.0
    stream = collections.Counter()
    for event in re.split(r"\n(?=jdk\.\w+ \{)", text):
        at = re.search(r"startTime = (\d\d:\d\d:\d\d)", event)
        if not at or not start <= at.group(1) <= end:
            continue
        kind = event.split(" ", 1)[0]
        if kind == "jdk.CPULoad":
            jvm.append(field(event, "jvmUser") + field(event, "jvmSystem"))
            machine.append(field(event, "machineTotal"))
        elif kind == "jdk.ThreadCPULoad":
            name = re.search(r'eventThread = "([^"]*)"', event)
            thread_cpu[re.sub(r"\d+", "#", name.group(1))[:40] if name else "?"][at.group(1)] += (
                field(event, "user") + field(event, "system"))
        elif kind == "jdk.GarbageCollection":
            pause = re.search(r"longestPause = ([\d.]+) (ms|s)", event)
            if pause:
                longest_gc_ms = max(longest_gc_ms, float(pause.group(1)) * (1000 if pause.group(2) == "s" else 1))
        else:
            thread = re.search(r'sampledThread = "([^"]*)"', event)
            if not thread or "StreamThread" not in thread.group(1) or "producer" in thread.group(1):
                continue
            seconds[at.group(1)] += 1
            frames = re.findall(r"^\s+([\w$.<>]+)\(", event, re.M)
            if kind == "jdk.NativeMethodSample":
                stream["native " + (frames[0].rsplit(".", 2)[-2] + "." + frames[0].rsplit(".", 1)[-1] if frames else "?")] += 1
            else:
                stream["Java samples"] += 1
            for processor in PROCESSORS:
                if any(f.endswith(processor) for f in frames):
                    stream["in " + processor] += 1
    span = max(1, len(seconds))
    print(f"\n{start}-{end}:")
    if jvm:
        print(f"  CPU: this JVM {sum(jvm) / len(jvm):.0f}%, machine {sum(machine) / len(machine):.0f}% (averaged per second)")
    averages = {name: sum(loads.values()) / len(loads) for name, loads in thread_cpu.items()}
    for name, load in sorted(averages.items(), key=lambda kv: -kv[1])[:5]:
        print(f"  thread CPU {load:5.1f}%  {name} (threads of that name together, per 10 s sample)")
    print(f"  longest GC pause {longest_gc_ms:.1f} ms")
    print(f"  stream thread, samples per second over {span} s:")
    for what, n in stream.most_common(12):
        print(f"    {n / span:5.1f}  {what}")
