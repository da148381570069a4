package dev.casefile.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Seeded stratified samples: the allocations by hand, and the same sample whatever order the candidates come in. */
class SamplingTest {

    /** A candidate: its stratum and id. */
    record Item(String stratum, String id) {
    }

    @Test
    void proportionalAllocationGivesEachStratumItsShareByLargestRemainder() {
        // 10 of 60: shares 5.0, 3.33, 1.67 -> 5, 3, 1, and the one left goes to the largest remainder (v19's .67).
        assertEquals(Map.of("v17", 5, "v18", 3, "v19", 2),
                Sampling.allocate(Map.of("v17", 30, "v18", 20, "v19", 10), 10, Sampling.Allocation.PROPORTIONAL));
        // Equal remainders: the stratum that sorts first gets the extra one.
        assertEquals(Map.of("a", 2, "b", 1), Sampling.allocate(Map.of("a", 5, "b", 5), 3, Sampling.Allocation.PROPORTIONAL));
    }

    @Test
    void equalAllocationGivesEachTheSameAndPassesOnWhatASmallStratumCannotUse() {
        assertEquals(Map.of("v17", 4, "v18", 4, "v19", 2),
                Sampling.allocate(Map.of("v17", 30, "v18", 20, "v19", 2), 10, Sampling.Allocation.EQUAL));
    }

    @Test
    void askingForAtLeastEverythingTakesEverything() {
        assertEquals(Map.of("a", 3, "b", 1), Sampling.allocate(Map.of("a", 3, "b", 1), 9, Sampling.Allocation.PROPORTIONAL));
    }

    @Test
    void theSameSeedGivesTheSameSampleWhateverTheOrderAndAnotherSeedAnother() {
        List<Item> items = new ArrayList<>();
        IntStream.range(0, 300).forEach(i -> items.add(new Item(i % 3 == 0 ? "v17" : "v18", "cmp-" + i)));
        List<Item> sample = Sampling.sample(items, Item::stratum, Item::id, 20, Sampling.Allocation.PROPORTIONAL, 7);
        List<Item> shuffled = new ArrayList<>(items);
        Collections.shuffle(shuffled, new Random(99));
        assertEquals(sample, Sampling.sample(shuffled, Item::stratum, Item::id, 20, Sampling.Allocation.PROPORTIONAL, 7));
        assertEquals(7, sample.stream().filter(i -> i.stratum().equals("v17")).count(), "100 of 300 -> 6.67 -> 7");
        assertNotEquals(sample, Sampling.sample(items, Item::stratum, Item::id, 20, Sampling.Allocation.PROPORTIONAL, 8));
    }
}
