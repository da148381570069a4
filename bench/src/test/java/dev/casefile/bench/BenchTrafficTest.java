package dev.casefile.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.config.CasefileConfig;
import dev.casefile.serde.RecordSerdes;
import dev.casefile.topology.ingest.OtlpSpanDecoder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchTrafficTest {

    private static final Instant START = Instant.parse("2026-11-20T08:00:00Z");
    private static final CasefileConfig CONFIG = new CasefileConfig(Map.of());
    private static final RecordSerdes SERDES = CONFIG.recordSerdes();

    private static List<BenchRecord> records(long seed, long from, long to, List<Expectation> expectations) {
        List<BenchRecord> out = new ArrayList<>();
        new BenchTraffic(seed, START, SERDES).records(from, to, expectations::add).forEachRemaining(out::add);
        return out;
    }

    @Test
    void theSameSeedGivesTheSameRecordsAndOtherSeedsOthers() {
        List<BenchRecord> a = records(7, 0, 500, new ArrayList<>());
        List<BenchRecord> b = records(7, 0, 500, new ArrayList<>());
        List<BenchRecord> c = records(8, 0, 500, new ArrayList<>());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).value(), b.get(i).value(), "record " + i);
        }
        assertTrue(a.size() != c.size() || !java.util.Arrays.equals(a.get(0).value(), c.get(0).value()));
    }

    @Test
    void turnsHaveFourToEightSpansAboutTwoPercentComplaintsAndATicketOnAboutThirtyPercentOfThem() throws Exception {
        List<Expectation> expectations = new ArrayList<>();
        int turns = 20_000;
        List<BenchRecord> all = records(42, 0, turns, expectations);
        OtlpSpanDecoder decoder = new OtlpSpanDecoder(CONFIG.spanMapping(), CONFIG.spanFormat());
        Map<String, Integer> spansPerTrace = new HashMap<>();
        long feedback = 0;
        long tickets = 0;
        for (BenchRecord r : all) {
            switch (r.kind()) {
                case SPANS -> decoder.decode(r.value())
                        .forEach(f -> spansPerTrace.merge(f.getTraceId(), f.getSpans().size(), Integer::sum));
                case FEEDBACK -> feedback++;
                case TICKETS -> tickets++;
            }
        }
        assertEquals(turns, spansPerTrace.size(), "one trace per turn");
        assertTrue(spansPerTrace.values().stream().allMatch(n -> n >= 4 && n <= 8), "4 to 8 spans per turn");
        assertEquals(expectations.size(), feedback, "one thumbs-down per complained turn");
        double complained = (double) feedback / turns;
        assertTrue(complained > 0.015 && complained < 0.025, "about 2% complained: " + complained);
        double ticketShare = (double) tickets / feedback;
        assertTrue(ticketShare > 0.24 && ticketShare < 0.36, "about 30% get a ticket: " + ticketShare);
        assertEquals(tickets, expectations.stream().filter(e -> e.ticketId() != null).count());
    }

    @Test
    void someFeedbackOvertakesItsSpansAndEveryComplaintsRecordsAreAllThere() {
        List<Expectation> expectations = new ArrayList<>();
        List<BenchRecord> all = records(42, 0, 20_000, expectations);
        Map<String, Integer> recordsPerComplaint = new HashMap<>();
        Set<String> spansSeen = new HashSet<>();
        int overtaking = 0;
        for (BenchRecord r : all) {
            if (r.complaintId() == null) {
                continue;
            }
            recordsPerComplaint.merge(r.complaintId(), 1, Integer::sum);
            if (r.kind() == BenchRecord.Kind.SPANS) {
                spansSeen.add(r.complaintId());
            } else if (r.kind() == BenchRecord.Kind.FEEDBACK && !spansSeen.contains(r.complaintId())) {
                overtaking++;
            }
        }
        for (Expectation e : expectations) {
            assertEquals(e.records(), recordsPerComplaint.get(e.complaintId()), e.complaintId());
        }
        assertTrue(overtaking > 0, "some feedback arrives before its spans");
    }

    @Test
    void aTurnIsTheSameWhicheverRangeItIsGeneratedIn() {
        List<Expectation> whole = new ArrayList<>();
        records(42, 0, 4_000, whole);
        List<Expectation> parts = new ArrayList<>();
        records(42, 0, 2_000, parts);
        records(42, 2_000, 4_000, parts);
        assertEquals(whole, parts);
    }
}
