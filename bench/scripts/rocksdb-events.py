#!/usr/bin/env python3
"""Lines RocksDB's flushes and compactions up by second, from the info logs written with rocksdb.log.dir.

Usage: bench/scripts/rocksdb-events.py LOG_DIR FROM TO
  FROM, TO: wall-clock times HH:MM:SS (UTC, as the bench log prints them), e.g. the latency phase.
Prints every compaction longer than 3 s, then one line per second: how many compactions were running
and how many memtable flushes started, by reason (Write Buffer Full, Write Buffer Manager, ...; seconds
with neither are left out), then per
store what its flushes and compactions wrote in the window and their ratio (how often a byte was
rewritten). For a whole run: FROM 00:00:00, TO 23:59:59.
"""
import collections
import datetime
import glob
import json
import re
import sys

log_dir, start, end = sys.argv[1], sys.argv[2], sys.argv[3]


def clock(micros):
    return datetime.datetime.fromtimestamp(micros / 1e6, datetime.timezone.utc).strftime("%H:%M:%S")


running = collections.Counter()
flushes = collections.defaultdict(collections.Counter)
long_compactions = []
flushed = collections.Counter()
compacted = collections.Counter()
compaction_count = collections.Counter()
for path in glob.glob(log_dir + "/*LOG*"):
    store = path.split("rocksdb_")[-1].replace("_LOG", "")
    for line in open(path, errors="replace"):
        match = re.search(r"EVENT_LOG_v1 (\{.*\})", line)
        if not match:
            continue
        event = json.loads(match.group(1))
        if event.get("event") == "flush_started":
            at = clock(event["time_micros"])
            if start <= at <= end:
                flushes[at][event.get("flush_reason", "?")] += 1
                flushed[store] += event.get("total_data_size", 0)
        elif event.get("event") == "compaction_finished":
            finished = event["time_micros"]
            began = finished - event["compaction_time_micros"]
            if clock(finished) < start or clock(began) > end:
                continue
            compacted[store] += event.get("total_output_size", 0)
            compaction_count[store] += 1
            for second in range(int(began / 1e6), int(finished / 1e6) + 1):
                running[clock(second * 1e6)] += 1
            if event["compaction_time_micros"] > 3e6:
                long_compactions.append((clock(began), clock(finished), store,
                                         event.get("total_output_size", 0) >> 20))

for began, finished, store, mib in sorted(long_compactions):
    print(f"long compaction {began}-{finished} {store} ({mib} MiB written)")
for at in sorted(set(running) | set(flushes)):
    if start <= at <= end:
        reasons = ", ".join(f"{n} {reason}" for reason, n in flushes[at].most_common())
        print(f"{at}  compactions running {running[at]:>2}  flushes {reasons or '-'}")

print()
print(f"{'store':<20} {'flushed MiB':>12} {'compactions':>12} {'compacted MiB':>14} {'ratio':>6}")
for store, written in sorted(compacted.items(), key=lambda item: -item[1]):
    ratio = f"{written / flushed[store]:.1f}" if flushed[store] else "-"
    print(f"{store:<20} {flushed[store] >> 20:>12,} {compaction_count[store]:>12,} {written >> 20:>14,} {ratio:>6}")
print(f"{'all stores':<20} {sum(flushed.values()) >> 20:>12,} {sum(compaction_count.values()):>12,}"
      f" {sum(compacted.values()) >> 20:>14,}")
