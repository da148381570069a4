#!/usr/bin/env bash
# A rough A/B of Casefile's drain rate in full mode without waiting for whole runs: starts
# `--bench.mode full --bench.apps casefile` with the given bench jar, samples the spans offsets
# Casefile has committed 60 s and 240 s after the preload, prints the rate between, and stops the run.
# usage: bench/scripts/drain-rate-sample.sh <casefile-bench.jar> <label>
set -euo pipefail
jar=$(realpath "$1"); label=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d); out="$work/results"; log="$work/bench.log"
javac -d "$work" -cp "$jar" "$here/ConsumedOffsets.java"
java -jar "$jar" --bench.mode full --bench.apps casefile --bench.output.dir "$out" > "$log" 2>&1 &
until grep -q "preloaded" "$log"; do sleep 2; done
port=$(grep -o "Embedded Kafka ready at 127.0.0.1:[0-9]*" "$log" | grep -o "[0-9]*$")
consumed() { java -cp "$jar:$work" ConsumedOffsets "127.0.0.1:$port" 2>/dev/null | grep -- "-spans " | awk '{print $3}' | cut -d/ -f1; }
sleep 60; a=$(consumed)
sleep 180; b=$(consumed)
echo "$label: spans records consumed $a at +60 s, $b at +240 s: $(( (b - a) / 180 )) records/s"
pkill -9 -f "$jar" || true
rm -rf "$work"
