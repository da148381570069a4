package dev.casefile.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CaseFileTimerTest {

    @Test
    void picksAreSpreadOverTheWholeListAndTakeAllOfAShortOne() {
        List<String> ids = IntStream.range(0, 1000).mapToObj(i -> "t" + i).toList();
        assertEquals(List.of("t0", "t250", "t500", "t750"), CaseFileTimer.spread(ids, 4));
        assertEquals(List.of("t1", "t2"), CaseFileTimer.spread(List.of("t1", "t2"), 4));
    }
}
