package dev.casefile.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.casefile.schema.ComplaintRate;
import dev.casefile.schema.ConsoleAudit;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.SupportTicket;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The build's schema check: every released version of every contract schema is compatible both ways
 * with the one released before it (a new reader reads old data, an old reader reads new data), so
 * upstream and downstream can upgrade in any order.
 */
class SchemaEvolutionTest {

    static List<Schema> contracts() {
        return List.of(FeedbackEvent.getClassSchema(), SupportTicket.getClassSchema(), LinkedComplaint.getClassSchema(),
                ComplaintRate.getClassSchema(), ConsoleAudit.getClassSchema());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contracts")
    void everyReleasedVersionIsCompatibleBothWaysWithThePreviousOne(Schema current) {
        List<Schema> released = SchemaHistory.released(current.getName());
        assertFalse(released.isEmpty(), current.getName() + " has no released version");
        for (int v = 1; v < released.size(); v++) {
            Schema older = released.get(v - 1);
            Schema newer = released.get(v);
            assertCompatible(newer, older, current.getName() + " v" + (v + 1) + " reading v" + v);
            assertCompatible(older, newer, current.getName() + " v" + v + " reading v" + (v + 1));
        }
        assertCompatible(current, released.get(released.size() - 1), current.getName() + " current reading newest release");
    }

    private static void assertCompatible(Schema reader, Schema writer, String what) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        assertEquals(SchemaCompatibilityType.COMPATIBLE, result.getType(), what + ": " + result.getDescription());
    }
}
