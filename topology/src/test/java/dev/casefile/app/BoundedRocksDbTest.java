package dev.casefile.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.CompressionType;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.Options;

/** The config setter on a real RocksDB {@link Options}: shared memory always, the info log only when asked. */
class BoundedRocksDbTest {

    private static Map<String, Object> configs(String logDir) {
        Map<String, Object> configs = new HashMap<>();
        configs.put(BoundedRocksDb.MEMORY_BYTES, 64L * 1024 * 1024);
        configs.put(BoundedRocksDb.WRITE_BUFFER_RATIO, 0.5);
        configs.put(BoundedRocksDb.LOG_DIR, logDir);
        return configs;
    }

    private static Options configured(Map<String, Object> configs) {
        Options options = new Options();
        options.setTableFormatConfig(new BlockBasedTableConfig());
        options.setInfoLogLevel(InfoLogLevel.ERROR_LEVEL); // what Kafka Streams sets before the setter runs
        options.setOptimizeFiltersForHits(true); // likewise
        new BoundedRocksDb().setConfig("turn-store", options, configs);
        return options;
    }

    @Test
    void leavesRocksDbsLogAtErrorsWithoutALogDirectory() {
        try (Options options = configured(configs(""))) {
            assertEquals(InfoLogLevel.ERROR_LEVEL, options.infoLogLevel());
            assertEquals("", options.dbLogDir());
            assertEquals(2, options.maxWriteBufferNumber());
            assertFalse(options.optimizeFiltersForHits(), "Bloom filters in every level: most lookups miss");
            assertNull(options.statistics(), "no counters: they cost throughput");
        }
    }

    @Test
    void compressesEveryLevelWhereKafkaStreamsCompressesNone() {
        try (Options options = new Options()) {
            options.setTableFormatConfig(new BlockBasedTableConfig());
            options.setCompressionType(CompressionType.NO_COMPRESSION); // what Kafka Streams sets before the setter runs
            new BoundedRocksDb().setConfig("trace-store", options, configs(""));
            assertEquals(CompressionType.LZ4_COMPRESSION, options.compressionType());
            assertEquals(CompressionType.ZSTD_COMPRESSION, options.bottommostCompressionType());
        }
    }

    @Test
    void writesTheInfoLogWithStatisticsToTheLogDirectory(@TempDir Path tmp) {
        Path dir = tmp.resolve("rocksdb-logs");
        try (Options options = configured(configs(dir.toString()))) {
            assertEquals(InfoLogLevel.INFO_LEVEL, options.infoLogLevel());
            assertEquals(dir.toString(), options.dbLogDir());
            assertEquals(BoundedRocksDb.STATS_DUMP_SECONDS, options.statsDumpPeriodSec());
            assertTrue(Files.isDirectory(dir), "the directory is created");
            assertNotNull(options.statistics(), "counters, dumped with the statistics");
        }
    }
}
