package chant.spec.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DependencyGraphTest {

    /** A graph from pairs "a: b c" (a depends on b and c). */
    private static DependencyGraph graph(String... lines) {
        Map<String, List<String>> dependsOn = new LinkedHashMap<>();
        for (String line : lines) {
            String[] parts = line.split(":", 2);
            String targets = parts.length > 1 ? parts[1].trim() : "";
            dependsOn.put(parts[0].trim(), targets.isEmpty() ? List.of() : List.of(targets.split("\\s+")));
        }
        return new DependencyGraph(dependsOn);
    }

    /** a0 <- a1 <- ... : each node depends on the previous one. */
    private static Map<String, List<String>> chain(int length) {
        Map<String, List<String>> dependsOn = new HashMap<>();
        for (int i = 1; i < length; i++) {
            dependsOn.put("n" + i, List.of("n" + (i - 1)));
        }
        return dependsOn;
    }

    @Nested
    class CycleThrough {

        @Test
        void findsASelfDependency() {
            assertEquals(Optional.of(List.of("a", "a")), graph("a:").cycleThrough("a", List.of("a")));
        }

        @Test
        void findsACycleOfTwo() {
            assertEquals(Optional.of(List.of("a", "b", "a")), graph("b: a").cycleThrough("a", List.of("b")));
        }

        @Test
        void findsACycleOfThreeAsAPathFromTheSpecBackToIt() {
            DependencyGraph graph = graph("b: c", "c: a");

            assertEquals(Optional.of(List.of("a", "b", "c", "a")), graph.cycleThrough("a", List.of("b")));
        }

        @Test
        void prefersTheShortestCycle() {
            DependencyGraph graph = graph("b: c", "c: d", "d: a", "e: a");

            assertEquals(Optional.of(List.of("a", "e", "a")), graph.cycleThrough("a", List.of("b", "e")));
        }

        @Test
        void prefersSmallerIdsAmongCyclesOfOneLength() {
            DependencyGraph graph = graph("x.10: a", "x.2: a");

            assertEquals(Optional.of(List.of("a", "x.2", "a")), graph.cycleThrough("a", List.of("x.10", "x.2")));
        }

        @Test
        void replacesTheCurrentDependenciesOfTheSpec() {
            DependencyGraph graph = graph("a: b", "b: c");

            assertEquals(Optional.empty(), graph.cycleThrough("b", List.of()));
            assertEquals(Optional.of(List.of("c", "a", "b", "c")), graph.cycleThrough("c", List.of("a")));
        }

        @Test
        void findsNoCycleInADiamond() {
            DependencyGraph graph = graph("b: d", "c: d", "d: e");

            assertEquals(Optional.empty(), graph.cycleThrough("a", List.of("b", "c")));
        }

        @Test
        void acceptsExternalIds() {
            assertEquals(Optional.empty(), graph("a: ext").cycleThrough("b", List.of("a", "other")));
        }
    }

    @Nested
    class AnyCycle {

        @Test
        void isEmptyForAnAcyclicGraphWithDiamonds() {
            assertEquals(Optional.empty(), graph("a: b c", "b: d", "c: d", "d: ext").anyCycle());
        }

        @Test
        void findsASelfDependency() {
            assertEquals(Optional.of(List.of("b", "b")), graph("a: b", "b: b").anyCycle());
        }

        @Test
        void findsACycleAsAClosedPath() {
            assertEquals(Optional.of(List.of("b", "c", "d", "b")), graph("a: b", "b: c", "c: d", "d: b").anyCycle());
        }
    }

    @Nested
    class TopologicalOrdering {

        @Test
        void putsDependenciesFirst() {
            DependencyGraph graph = graph("a: b", "b: c");

            assertEquals(List.of("c", "b", "a"), graph.topologicalOrder(List.of("a", "b", "c")));
        }

        @Test
        void followsDependenciesThroughIdsOutsideTheSet() {
            DependencyGraph graph = graph("a: outside", "outside: z");

            assertEquals(List.of("z", "a"), graph.topologicalOrder(List.of("a", "z")));
        }

        @Test
        void ordersIndependentIdsByMemberNumber() {
            assertEquals(List.of("x.1", "x.2", "x.10"), graph().topologicalOrder(List.of("x.10", "x.2", "x.1")));
        }

        @Test
        void putsMembersBeforeTheirDriverAndAncestors() {
            List<String> order = graph().topologicalOrder(List.of("x", "x.10", "x.2", "x.2.1", "w"));

            assertEquals(List.of("w", "x.2.1", "x.2", "x.10", "x"), order);
        }

        @Test
        void ignoresAMemberDependingOnItsOwnDriver() {
            DependencyGraph graph = graph("x.1: x", "x.2: x x.1");

            assertEquals(List.of("x.1", "x.2", "x"), graph.topologicalOrder(List.of("x", "x.2", "x.1")));
        }

        @Test
        void putsDependenciesBeforeMemberNumbers() {
            DependencyGraph graph = graph("x.1: x.2");

            assertEquals(List.of("x.2", "x.1", "x"), graph.topologicalOrder(List.of("x", "x.1", "x.2")));
        }

        @Test
        void rejectsACycleWithItsFullPath() {
            DependencyGraph graph = graph("a: outside", "outside: b", "b: a");

            CycleException cycle = assertThrows(CycleException.class,
                    () -> graph.topologicalOrder(List.of("a", "b", "c")));

            assertEquals(List.of("a", "outside", "b", "a"), cycle.cycle());
            assertEquals("dependency cycle: a -> outside -> b -> a", cycle.getMessage());
        }

        @Test
        void rejectsAMemberThatADependencyOfItsDriverDependsOn() {
            DependencyGraph graph = graph("x.1: y", "y: x");

            CycleException cycle = assertThrows(CycleException.class,
                    () -> graph.topologicalOrder(List.of("x", "x.1", "y")));

            assertEquals(List.of("x", "x.1", "y", "x"), cycle.cycle());
        }

        @Test
        void rejectsASelfDependencyOfAnIdInTheSet() {
            CycleException cycle = assertThrows(CycleException.class,
                    () -> graph("a: a").topologicalOrder(List.of("a")));

            assertEquals(List.of("a", "a"), cycle.cycle());
        }

        @Test
        void ignoresCyclesOutsideTheSet() {
            DependencyGraph graph = graph("a: p", "p: q", "q: p");

            assertEquals(List.of("a", "b"), graph.topologicalOrder(List.of("b", "a")));
        }
    }

    @Nested
    class Dependents {

        @Test
        void areEveryDirectAndIndirectDependentInIdOrder() {
            DependencyGraph graph = graph("b: a", "c: b", "d: a", "x.10: c", "x.2: c", "e: z");

            assertEquals(List.of("b", "c", "d", "x.2", "x.10"), new ArrayList<>(graph.dependentsOf("a")));
        }

        @Test
        void neverIncludeTheSpecItselfEvenInACycle() {
            assertEquals(Set.of("b"), graph("a: b", "b: a").dependentsOf("a"));
        }

        @Test
        void areEmptyForASpecNobodyDependsOn() {
            assertEquals(Set.of(), graph("a: b").dependentsOf("a"));
        }
    }

    @Test
    void handlesALongChainWithoutDeepRecursion() {
        int length = 10_000;
        DependencyGraph graph = new DependencyGraph(chain(length));
        List<String> all = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            all.add("n" + i);
        }
        List<String> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new java.util.Random(7));

        // Recursive algorithms would overflow the stack on a chain this long.
        assertEquals(Optional.empty(), graph.anyCycle());
        assertEquals(length, graph.cycleThrough("n0", List.of("n" + (length - 1))).orElseThrow().size() - 1);
        assertEquals(all, graph.topologicalOrder(shuffled));
        assertEquals(length - 1, graph.dependentsOf("n0").size());
    }
}
