#!/usr/bin/env python3
"""RocksDB's own counters per 10 s, summed over the stores, from the info logs written with rocksdb.log.dir.

Usage: bench/scripts/rocksdb-stats.py LOG_DIR [FROM TO]
  FROM, TO: wall-clock times HH:MM:SS (as the bench log prints them), e.g. the latency phase.
Every store dumps its cumulative counters every 10 s; this prints what each dump added, summed over
the stores, one line per ten wall-clock seconds in which the dumps fell (named by the first of them;
a line covers roughly the 10 s before its dumps): point reads and their mean time, where they were
answered (memtable, level 0, level 1, deeper), how many file reads a Bloom filter saved, block-cache
misses and hits for data blocks, the data blocks that reads and seeks needed (compaction reads,
which count as misses, one per 16 KiB block, taken out), misses for index and filter blocks,
iterator seeks and their mean time, compaction and flush bytes, write stalls. Then, per store, the
time spent in reads and seeks in each interval (ms), for the stores that spent the most.
"""
import collections
import datetime
import glob
import re
import sys

log_dir = sys.argv[1]
start, end = (sys.argv[2], sys.argv[3]) if len(sys.argv) > 3 else ("00:00:00", "99:99:99")

BLOCK_BYTES = 16 * 1024  # BoundedRocksDb's block size
STAMP = re.compile(r"^(\d{4}/\d\d/\d\d-(\d\d:\d\d:\d\d))\.\d+ ")
TICKER = re.compile(r"^\s*(rocksdb\.[a-z0-9.]+) COUNT : (\d+)$")
HISTOGRAM = re.compile(r"^\s*(rocksdb\.[a-z0-9.]+) P50 .* COUNT : (\d+) SUM : (\d+)$")


def dumps(path):
    """Yields (time HH:MM:SS, {counter: value}) for each statistics dump of one log."""
    at, counters = None, None
    for line in open(path, errors="replace"):
        stamp = STAMP.match(line)
        if stamp:
            if counters:
                yield at, counters
            at, counters = (stamp.group(2), {}) if "STATISTICS:" in line else (None, None)
            continue
        if counters is None:
            continue
        match = HISTOGRAM.match(line)
        if match:
            counters[match.group(1) + ".count"] = int(match.group(2))
            counters[match.group(1) + ".sum"] = int(match.group(3))
            continue
        match = TICKER.match(line)
        if match:
            counters[match.group(1)] = int(match.group(2))
    if counters:
        yield at, counters


def interval(at):
    """The ten wall-clock seconds a dump fell in, named by the first (stores dump at different offsets)."""
    t = datetime.datetime.strptime(at, "%H:%M:%S")
    return (t - datetime.timedelta(seconds=t.second % 10)).strftime("%H:%M:%S")


totals = collections.defaultdict(collections.Counter)
per_store = collections.defaultdict(collections.Counter)
for path in glob.glob(log_dir + "/*LOG*"):
    store = path.split("rocksdb_")[-1].replace("_LOG", "")
    previous = None
    for at, counters in dumps(path):
        if previous is not None and start <= at <= end:
            added = collections.Counter({k: v - previous.get(k, 0) for k, v in counters.items()})
            totals[interval(at)].update(added)
            per_store[store][interval(at)] += (added["rocksdb.db.get.micros.sum"]
                                               + added["rocksdb.db.seek.micros.sum"]) / 1000
        previous = counters


def lookup_blocks(c):
    """Data blocks that reads and seeks looked up: compaction reads count as cache misses too, one per block."""
    compacted_blocks = c['rocksdb.compact.read.bytes'] // BLOCK_BYTES
    return max(0, c['rocksdb.block.cache.data.miss'] + c['rocksdb.block.cache.data.hit'] - compacted_blocks)


def mean(c, name):
    count = c[name + ".count"]
    return c[name + ".sum"] / count if count else 0


print("dumps at       gets  get µs  memtable    L0    L1   L2+  filtered  data miss/hit  by lookups  index+filter miss"
      "  seeks  seek µs  compact read/write MiB  flush MiB  stall ms")
for at in sorted(totals):
    c = totals[at]
    print(f"{at}  {c['rocksdb.db.get.micros.count']:>9,} {mean(c, 'rocksdb.db.get.micros'):>7.1f}"
          f" {c['rocksdb.memtable.hit']:>9,} {c['rocksdb.l0.hit']:>5,} {c['rocksdb.l1.hit']:>5,}"
          f" {c['rocksdb.l2andup.hit']:>5,} {c['rocksdb.bloom.filter.useful']:>9,}"
          f"  {c['rocksdb.block.cache.data.miss']:>6,}/{c['rocksdb.block.cache.data.hit']:<7,}"
          f" {lookup_blocks(c):>10,}"
          f" {c['rocksdb.block.cache.index.miss'] + c['rocksdb.block.cache.filter.miss']:>12,}"
          f"  {c['rocksdb.db.seek.micros.count']:>6,} {mean(c, 'rocksdb.db.seek.micros'):>7.1f}"
          f"  {c['rocksdb.compact.read.bytes'] >> 20:>10,}/{c['rocksdb.compact.write.bytes'] >> 20:<10,}"
          f"  {c['rocksdb.flush.write.bytes'] >> 20:>8,}  {c['rocksdb.stall.micros'] // 1000:>8,}")

busiest = sorted(per_store, key=lambda s: -sum(per_store[s].values()))[:6]
print()
print("dumps at     " + "".join(f"{s[:18]:>20}" for s in busiest) + "   (ms in reads and seeks)")
for at in sorted(totals):
    print(f"{at}     " + "".join(f"{per_store[s][at]:>20,.0f}" for s in busiest))
