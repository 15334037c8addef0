package chant.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpecSamplesTest {

    @Test
    void everyVocabularyWordMatchesExactlyOnePercentOfTheSeededTitlesAndBodies() {
        int n = 10_000;
        String[] searchable = new String[n];
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < n; i++) {
            SpecSamples.SeedSpec spec = SpecSamples.seedSpec(i);
            ids.add(spec.id());
            String file = spec.file();
            searchable[i] = file.substring(file.indexOf("\n---\n") + 5).toLowerCase(Locale.ROOT);
        }
        assertEquals(n, ids.size(), "seeded IDs are unique");
        for (String word : SpecSamples.VOCABULARY) {
            long hits = java.util.Arrays.stream(searchable).filter(s -> s.contains(word)).count();
            assertEquals(n / 100, hits, word);
        }
    }

    @Test
    void seedingIsDeterministicAndUsesTheGeneratedIdForm() {
        SpecSamples.SeedSpec first = SpecSamples.seedSpec(12_345);
        SpecSamples.seedSpec(54_321);
        assertEquals(first, SpecSamples.seedSpec(12_345), "the same index gives the same spec on every run");
        assertTrue(SpecSamples.seedSpec(0).id().matches("2024-01-01-001-[0-9a-z]{3}"));
        assertTrue(SpecSamples.seedSpec(99_999).id().matches("2024-04-09-0rs-[0-9a-z]{3}"));
    }

    @Test
    void createSamplesAreAboutOneKilobyteWithThreeLabelsAndCriteria() {
        SpecSamples.NewSpec s = SpecSamples.newSpec(7);
        assertEquals(3, s.labels().size());
        assertTrue(s.body().length() > 800 && s.body().length() < 1400, () -> "body length " + s.body().length());
        assertTrue(s.body().contains("## Acceptance Criteria"));
    }
}
