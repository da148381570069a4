package dev.casefile.serde;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.schema.internal.IndexHit;
import dev.casefile.schema.internal.IndexSource;
import dev.casefile.schema.internal.RateChange;
import dev.casefile.schema.internal.RateContribution;
import dev.casefile.schema.internal.RateDelta;
import dev.casefile.schema.internal.RateDeltas;
import dev.casefile.schema.internal.RateWindow;
import dev.casefile.schema.internal.SpanFact;
import dev.casefile.schema.internal.SpanLocation;
import dev.casefile.schema.internal.TraceDigest;
import dev.casefile.schema.internal.TraceState;
import dev.casefile.schema.internal.TraceView;
import java.lang.reflect.Method;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The internal records every turn passes through go through Avro's generated coders, not its
 * reflective path: the trace store's value, the key index's entries, a turn's view of its trace
 * (nested in every {@code turn-events} record and every turn-store value) and the rate records
 * (written to the rate buffer and {@code rate-deltas}; {@code RateChange} only in memory).
 * Avro generates the coders only for records whose fields, nested records included, have no
 * logical types, which is why internal records keep their times as plain longs. A record that
 * nests a contract record (a feedback event, a ticket, a complaint) still goes the reflective way,
 * but Avro's writer hands each nested record that has coders to them.
 */
class InternalEncodingTest {

    @ParameterizedTest
    @ValueSource(classes = {TraceState.class, SpanFact.class, SpanLocation.class, IndexHit.class, IndexSource.class,
            TraceView.class, TraceDigest.class, RateContribution.class, RateChange.class, RateDelta.class, RateDeltas.class,
            RateWindow.class})
    void perTurnInternalRecordsHaveGeneratedCoders(Class<? extends SpecificRecordBase> type) throws Exception {
        SpecificRecordBase record = type.getDeclaredConstructor().newInstance();
        Method custom = SpecificRecordBase.class.getDeclaredMethod("hasCustomCoders");
        custom.setAccessible(true);
        assertTrue((Boolean) custom.invoke(record), type.getSimpleName() + " goes through Avro's reflective path");
    }
}
