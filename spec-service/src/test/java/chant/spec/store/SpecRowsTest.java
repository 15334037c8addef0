package chant.spec.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.spec.content.ApprovalStatus;
import chant.spec.content.SpecStatus;
import chant.spec.content.SpecType;
import chant.spec.project.Project;
import chant.spec.project.RejectionAction;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The plain-JDBC reads ({@link SpecReads}) load every column of a spec and its project exactly as
 * Hibernate does. Every field gets a value of its own, found by reflection, so a column added to
 * the entity but not to {@link SpecRows} fails here rather than coming back empty from GetSpec.
 */
@QuarkusTest
class SpecRowsTest {

    @Inject
    SpecReads reads;

    @Test
    void plainReadsLoadEveryColumnAsHibernateDoes() throws Exception {
        String projectName = "rows-" + UUID.randomUUID().toString().substring(0, 12);
        String specId = "2026-01-02-001-r0w";
        long pk = QuarkusTransaction.requiringNew().call(() -> {
            Project project = new Project();
            fill(project);
            project.name = projectName;
            project.persist();
            Spec spec = new Spec();
            fill(spec);
            spec.project = project;
            spec.specId = specId;
            spec.persist();
            return spec.pk;
        });

        Object[] loaded = QuarkusTransaction.requiringNew().call(() -> {
            Spec spec = Spec.findById(pk);
            return new Object[] {spec, Project.findById(spec.project.id)};
        });
        Spec viaHibernate = (Spec) loaded[0];
        Project projectViaHibernate = (Project) loaded[1];

        SpecView view = reads.viewByExactId(projectName, specId).orElseThrow();
        assertSameFields(Spec.class, viaHibernate, view.spec());
        assertSameFields(Project.class, projectViaHibernate, view.spec().project);
        assertEquals(SpecStatus.COMPLETED, view.status(), "the effective status of a completed spec");
    }

    @Test
    void anotherProjectOrAShortIdIsNotAnExactMatch() {
        assertTrue(reads.viewByExactId("no-such-project-" + UUID.randomUUID(), "2026-01-02-001-r0w").isEmpty());
        assertTrue(reads.report("no-such-project-" + UUID.randomUUID(), "r0w").isEmpty());
    }

    /** Gives every persistent field of {@code entity} a value unlike its default. */
    private static void fill(Object entity) throws IllegalAccessException {
        for (Field f : persistentFields(entity.getClass())) {
            Class<?> t = f.getType();
            String name = f.getName();
            Object value;
            if (t == String.class) {
                value = name + "-value";
            } else if (t == List.class) {
                value = new java.util.ArrayList<>(List.of(name + "-1", name + "-2"));
            } else if (t == int.class) {
                value = name.length();
            } else if (t == boolean.class || t == Boolean.class) {
                value = Boolean.TRUE;
            } else if (t == SpecType.class) {
                value = SpecType.RESEARCH;
            } else if (t == SpecStatus.class) {
                value = SpecStatus.COMPLETED;
            } else if (t == ApprovalStatus.class) {
                value = ApprovalStatus.APPROVED;
            } else if (t == RejectionAction.class) {
                value = RejectionAction.values()[RejectionAction.values().length - 1];
            } else if (t == OffsetDateTime.class) {
                value = OffsetDateTime.parse("2026-01-02T03:04:05Z");
            } else {
                // ids, versions and the project are set by Hibernate or by the test
                continue;
            }
            f.set(entity, value);
        }
    }

    private static void assertSameFields(Class<?> type, Object expected, Object actual) throws IllegalAccessException {
        for (Field f : persistentFields(type)) {
            Object want = f.get(expected);
            Object got = f.get(actual);
            if (f.getType() == Project.class) {
                continue;
            }
            if (want instanceof OffsetDateTime w && got instanceof OffsetDateTime g) {
                assertTrue(w.isEqual(g), type.getSimpleName() + "." + f.getName() + ": " + w + " vs " + g);
            } else {
                assertEquals(want, got, type.getSimpleName() + "." + f.getName());
            }
            if (f.getType() != boolean.class && f.getType() != long.class && f.getType() != int.class) {
                assertNotEquals(null, got, type.getSimpleName() + "." + f.getName() + " was not read");
            }
        }
    }

    private static List<Field> persistentFields(Class<?> type) {
        return java.util.Arrays.stream(type.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers())
                        && !f.getName().startsWith("$$_hibernate"))
                .peek(f -> f.setAccessible(true))
                .toList();
    }
}
