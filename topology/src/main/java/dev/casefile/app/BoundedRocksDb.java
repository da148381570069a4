package dev.casefile.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.CompressionType;
import org.rocksdb.Env;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.Priority;
import org.rocksdb.Statistics;
import org.rocksdb.WriteBufferManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the off-heap memory of all of this JVM's RocksDB stores together: one LRU block cache of
 * {@value #MEMORY_BYTES} bytes, shared by every store (index and filter blocks included), and one
 * write-buffer manager that charges every store's memtables to that same cache. Without it each of
 * Casefile's stores, times each task, gets its own caches and memtables, and RSS grows with the
 * number of partitions. The shared objects live as long as the JVM; {@link #close} leaves them.
 * It compresses every store's files (Kafka Streams leaves them uncompressed): LZ4 in the upper
 * levels, which are rewritten often, and ZSTD in the last level, where most of the data rests.
 * It also keeps a Bloom filter in every level (most of Casefile's reads look for keys not stored
 * yet) and runs compactions at the lowest CPU priority, so they take idle CPU, not the stream
 * thread's.
 * With {@link #LOG_DIR} set, every store also writes RocksDB's info log there, with its compaction
 * statistics and its own counters (block-cache hits and misses, reads by level, read times) every
 * {@value #STATS_DUMP_SECONDS} s; the counters cost some throughput.
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {

    /** Streams property (set by {@code CasefileConfig}) with the total bytes for block cache and memtables. */
    public static final String MEMORY_BYTES = "casefile.rocksdb.memory.bytes";
    /** Streams property with the share of {@link #MEMORY_BYTES} that memtables may take. */
    public static final String WRITE_BUFFER_RATIO = "casefile.rocksdb.write.buffer.ratio";
    /** Streams property (set by {@code CasefileConfig}, empty for none) with the directory for RocksDB's info logs. */
    public static final String LOG_DIR = "casefile.rocksdb.log.dir";
    static final int STATS_DUMP_SECONDS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(BoundedRocksDb.class);
    private static final long BLOCK_SIZE = 16 * 1024;
    private static final long MEMTABLE_BYTES = 8L * 1024 * 1024;

    private static Shared shared;

    /** This store's counters, when the info log is on; Kafka Streams makes one setter per store instance. */
    private Statistics statistics;

    private record Shared(Cache cache, WriteBufferManager writeBuffers, long bytes) {
    }

    private static synchronized Shared shared(Map<String, Object> configs) {
        if (shared == null) {
            long bytes = Long.parseLong(String.valueOf(required(configs, MEMORY_BYTES)));
            double ratio = Double.parseDouble(String.valueOf(required(configs, WRITE_BUFFER_RATIO)));
            // High-priority pool for index and filter blocks: 10% of the cache.
            Cache cache = new LRUCache(bytes, -1, false, 0.1);
            shared = new Shared(cache, new WriteBufferManager((long) (bytes * ratio), cache), bytes);
            // Compactions (RocksDB's low-priority pool; flushes have their own) run at the lowest CPU priority, so
            // a large one takes idle CPU instead of the stream thread's. The stores share the default Env.
            Env.getDefault().lowerThreadPoolCPUPriority(Priority.LOW);
            LOG.info("RocksDB stores share {} MiB of block cache, memtables included (at most {}%)",
                    bytes / (1024 * 1024), Math.round(ratio * 100));
        }
        return shared;
    }

    /** The sizes come from CasefileConfig (rocksdb.memory.bytes, rocksdb.write.buffer.ratio), which declares their defaults. */
    private static Object required(Map<String, Object> configs, String key) {
        Object value = configs.get(key);
        if (value == null) {
            throw new IllegalStateException(key + " is missing from the Streams properties: CasefileConfig sets it");
        }
        return value;
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Shared memory = shared(configs);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(memory.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        table.setBlockSize(BLOCK_SIZE);
        options.setTableFormatConfig(table);
        // Kafka Streams turns on optimize_filters_for_hits: no Bloom filter in the last level, where most keys are.
        // Casefile's stores mostly look up keys that are not there yet (a new trace, turn or index source), and
        // without the filter each such lookup reads a data block, usually not in the cache once the state outgrows
        // it. The filters of every level cost about 10 bits a key.
        options.setOptimizeFiltersForHits(false);
        // Kafka Streams sets no compression; Casefile's values (ids, tag names and values) compress well.
        options.setCompressionType(CompressionType.LZ4_COMPRESSION);
        options.setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION);
        options.setWriteBufferManager(memory.writeBuffers());
        options.setWriteBufferSize(MEMTABLE_BYTES);
        options.setMaxWriteBufferNumber(2);
        Object logDir = configs.get(LOG_DIR);
        if (logDir != null && !logDir.toString().isEmpty()) {
            options.setInfoLogLevel(InfoLogLevel.INFO_LEVEL);
            options.setDbLogDir(createdDirectory(logDir.toString()));
            options.setStatsDumpPeriodSec(STATS_DUMP_SECONDS);
            // Dumped with the statistics above; Kafka Streams' own RocksDB metrics then skip this store.
            statistics = new Statistics();
            options.setStatistics(statistics);
        }
    }

    private static String createdDirectory(String dir) {
        try {
            return Files.createDirectories(Path.of(dir)).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create rocksdb.log.dir " + dir, e);
        }
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and write-buffer manager are shared by every store of this JVM: never closed here.
        if (statistics != null) {
            statistics.close();
            statistics = null;
        }
    }
}
