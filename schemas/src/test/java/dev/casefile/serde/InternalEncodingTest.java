package dev.casefile.serde;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.schema.internal.SpanFact;
import dev.casefile.schema.internal.SpanLocation;
import dev.casefile.schema.internal.TraceState;
import java.lang.reflect.Method;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The trace store's value is written by Avro's generated coders, not its reflective path: Avro
 * generates them only for records whose fields, nested records included, have no logical types,
 * which is why the trace store's records keep their times as plain longs.
 */
class InternalEncodingTest {

    @ParameterizedTest
    @ValueSource(classes = {TraceState.class, SpanFact.class, SpanLocation.class})
    void theTraceStoresRecordsHaveGeneratedCoders(Class<? extends SpecificRecordBase> type) throws Exception {
        SpecificRecordBase record = type.getDeclaredConstructor().newInstance();
        Method custom = SpecificRecordBase.class.getDeclaredMethod("hasCustomCoders");
        custom.setAccessible(true);
        assertTrue((Boolean) custom.invoke(record), type.getSimpleName() + " goes through Avro's reflective path");
    }
}
