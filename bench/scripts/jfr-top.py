#!/usr/bin/env python3
"""Summarises a JFR recording's CPU samples: top self frames, where the Casefile stream thread spends its time,
the stream thread's samples by component (Avro, Kafka Streams, Kafka clients, Casefile, protobuf, other) and by the
innermost Casefile processor in each stack (split into its store writes, store reads, sends to a topic and the rest),
plus two costs on their own: Kafka Streams' task-readiness log formatting and synchronized buffer writes.

Usage: bench/scripts/jfr-top.py recording.jfr [N]
Runs `jfr print --events jdk.ExecutionSample --stack-depth 64` (the JDK's own tool) and counts samples.
"""
import collections
import re
import subprocess
import sys

path = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64", path],
                      capture_output=True, text=True, check=True).stdout
self_frames = collections.Counter()
casefile_frames = collections.Counter()
threads = collections.Counter()
components = collections.Counter()
total = 0
processors = collections.Counter()  # (processor, part) of stream-thread samples
readiness_formatting = 0  # Kafka Streams formatting task-readiness log lines, at any log level
locked_buffer_writes = 0  # writes into a (synchronized) ByteArrayOutputStream


def processor_part(names):
    """The innermost Casefile processor of a stream-thread sample, and what in it: store writes, reads, sends or the rest."""
    for i, n in enumerate(names):
        if n.startswith("dev.casefile") and n.endswith(".process"):
            inner = names[:i]
            if any(m.endswith("SinkNode.process") for m in inner):
                part = "sends to a topic"
            elif any(m.endswith(("MeteredKeyValueStore.put", "MeteredKeyValueStore.delete")) for m in inner):
                part = "store writes"
            elif any(m.endswith("MeteredKeyValueStore.get") for m in inner):
                part = "store reads"
            else:
                part = "the rest"
            return n.rsplit(".", 2)[-2], part
    return "(no Casefile processor: polling, commits, repartition reads, ...)", ""


def component(frames):
    """The component a stream-thread sample is in: the first library the nearest frames belong to."""
    names = [f.split("(")[0] for f in frames]
    if any(n.startswith("org.apache.avro") for n in names[:12]):
        return "Avro encode/decode"
    if any(n.startswith("com.google.protobuf") or n.startswith("io.opentelemetry.proto") for n in names[:12]):
        return "OTLP protobuf"
    if names[0].startswith("org.rocksdb"):
        return "RocksDB (Java side)"
    if any(n.startswith("org.apache.kafka.clients") or n.startswith("org.apache.kafka.common") for n in names[:6]):
        return "Kafka clients"
    if any(n.startswith("dev.casefile") for n in names[:3]):
        return "Casefile logic"
    if any(n.startswith("org.apache.kafka.streams") for n in names[:4]):
        return "Kafka Streams internals"
    return "other (JDK collections, strings, ...)"


for event in text.split("jdk.ExecutionSample")[1:]:
    thread = re.search(r'sampledThread = "([^"]*)"', event)
    frames = re.findall(r'^\s+([\w$.<>]+\([^)]*\))\s+line:', event, re.M)
    if not frames:
        continue
    total += 1
    name = re.sub(r'\d+', '#', thread.group(1)) if thread else "?"
    threads[name] += 1
    self_frames[frames[0]] += 1
    if "StreamThread" in name and "producer" not in name:
        components[component(frames)] += 1
        names = [f.split("(")[0] for f in frames]
        processors[processor_part(names)] += 1
        if any(n.startswith("java.util.Formatter") for n in names) and any(
                n.endswith("PartitionGroup.readyToProcess") or n.endswith("TaskExecutionMetadata.canProcessTask")
                for n in names):
            readiness_formatting += 1
        if any(n.startswith("java.io.ByteArrayOutputStream.") for n in names[:3]):
            locked_buffer_writes += 1
    seen = set()
    for f in frames:
        if f.startswith("dev.casefile") and f not in seen:
            casefile_frames[f] += 1
            seen.add(f)
print(f"{total} samples")
print("\nBy thread:")
for t, n in threads.most_common(10):
    print(f"{n * 100.0 / total:6.1f}%  {t}")
print("\nSelf time:")
for f, n in self_frames.most_common(top):
    print(f"{n * 100.0 / total:6.1f}%  {f}")
print("\nInclusive, Casefile frames:")
for f, n in casefile_frames.most_common(top):
    print(f"{n * 100.0 / total:6.1f}%  {f}")
stream_total = sum(components.values())
if stream_total:
    print(f"\nStream thread by component ({stream_total} samples):")
    for c, n in components.most_common():
        print(f"{n * 100.0 / stream_total:6.1f}%  {c}")
    print(f"\nStream thread by innermost Casefile processor ({stream_total} samples; stacks deeper than 64 frames lose "
          "their outer frames and may count as no processor):")
    by_processor = collections.Counter()
    for (proc, part), n in processors.items():
        by_processor[proc] += n
    for proc, n in by_processor.most_common():
        parts = ", ".join(f"{part} {m * 100.0 / stream_total:.1f}%" for (p, part), m in processors.most_common()
                          if p == proc and part)
        print(f"{n * 100.0 / stream_total:6.1f}%  {proc}" + (f" ({parts})" if parts else ""))
    print("Stream thread, two costs looked at on their own (also counted above):")
    print(f"{readiness_formatting * 100.0 / stream_total:6.1f}%  Kafka Streams' task-readiness log formatting "
          "(String.format under PartitionGroup.readyToProcess / TaskExecutionMetadata.canProcessTask)")
    print(f"{locked_buffer_writes * 100.0 / stream_total:6.1f}%  writes into a synchronized ByteArrayOutputStream")
