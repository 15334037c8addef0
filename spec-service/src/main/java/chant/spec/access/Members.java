package chant.spec.access;

import chant.support.auth.Principal;
import chant.support.auth.Role;
import chant.support.failure.InvalidRequestException;
import chant.support.failure.NotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A project's stored grants ({@code chant project members}): listed by its viewers, changed by its
 * admins and the platform admins. A grant is one row per subject and project, written with
 * {@code INSERT ... ON CONFLICT DO UPDATE}: of concurrent grants to one subject the last to commit
 * stands and none leaves a second row; grants to different subjects never wait on each other.
 */
@ApplicationScoped
public class Members {

    /** The longest subject a grant may name (as long as a token's subject may be). */
    public static final int MAX_SUBJECT = 200;

    @Inject
    EntityManager entities;

    @Inject
    Access access;

    @Inject
    Clock clock;

    @Transactional
    public List<Member> list(String project, Principal caller) {
        requireProjectName(project);
        access.requireRole(caller, project, Role.VIEWER);
        requireProject(project);
        List<?> rows = entities.createNativeQuery("SELECT m.subject, m.role, m.granted_by, m.granted_at"
                        + " FROM project_member m JOIN project p ON p.id = m.project_id WHERE p.name = ?1 ORDER BY m.subject")
                .setParameter(1, project).getResultList();
        return rows.stream().map(row -> (Object[]) row).map(Members::member).toList();
    }

    /**
     * Grants {@code subject} {@code role} in {@code project}, replacing the role it held.
     *
     * @throws InvalidRequestException for a malformed subject or a missing role
     * @throws NotFoundException       when the project does not exist
     */
    @Transactional
    public Member set(String project, String subject, Role role, Principal caller) {
        requireProjectName(project);
        requireSubject(subject);
        if (role == null) {
            throw new InvalidRequestException("role is missing: give viewer, member, approver or admin");
        }
        access.requireRole(caller, project, Role.ADMIN);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        int written = entities.createNativeQuery("INSERT INTO project_member (project_id, subject, role, granted_by, granted_at)"
                        + " SELECT p.id, ?1, ?2, ?3, ?4 FROM project p WHERE p.name = ?5"
                        + " ON CONFLICT (project_id, subject) DO UPDATE SET role = EXCLUDED.role,"
                        + " granted_by = EXCLUDED.granted_by, granted_at = EXCLUDED.granted_at")
                .setParameter(1, subject).setParameter(2, role.wireName()).setParameter(3, caller.actor())
                .setParameter(4, OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).setParameter(5, project)
                .executeUpdate();
        if (written == 0) {
            throw missing(project);
        }
        return new Member(subject, role, caller.actor(), now);
    }

    /**
     * Removes {@code subject}'s grant in {@code project}; false when it held none.
     *
     * @throws NotFoundException when the project does not exist
     */
    @Transactional
    public boolean remove(String project, String subject, Principal caller) {
        requireProjectName(project);
        requireSubject(subject);
        access.requireRole(caller, project, Role.ADMIN);
        int removed = entities.createNativeQuery("DELETE FROM project_member m USING project p"
                        + " WHERE p.id = m.project_id AND p.name = ?1 AND m.subject = ?2")
                .setParameter(1, project).setParameter(2, subject).executeUpdate();
        if (removed == 0) {
            requireProject(project);
        }
        return removed > 0;
    }

    /**
     * A subject as tokens carry it: 1 to {@value #MAX_SUBJECT} characters, no control characters, no
     * blanks around it (which would make two subjects look alike).
     *
     * @throws InvalidRequestException saying what is wrong
     */
    public static void requireSubject(String subject) {
        if (subject == null || subject.isEmpty()) {
            throw new InvalidRequestException("subject is empty: name the user (their token's subject)");
        }
        if (subject.length() > MAX_SUBJECT) {
            throw new InvalidRequestException("subject is " + subject.length() + " characters long: use at most "
                    + MAX_SUBJECT);
        }
        if (subject.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException("subject contains a control character: give it without");
        }
        if (!subject.strip().equals(subject)) {
            throw new InvalidRequestException("subject '" + subject + "' starts or ends with a blank: give it without");
        }
    }

    private static void requireProjectName(String project) {
        if (project == null || project.isBlank()) {
            throw new InvalidRequestException("project is empty: name the project");
        }
    }

    private void requireProject(String project) {
        if (entities.createNativeQuery("SELECT 1 FROM project WHERE name = ?1").setParameter(1, project)
                .getResultList().isEmpty()) {
            throw missing(project);
        }
    }

    private static NotFoundException missing(String project) {
        return new NotFoundException("project " + project + " not found: list the projects with chant project list");
    }

    private static Member member(Object[] row) {
        Object at = row[3];
        Instant grantedAt = at instanceof Instant instant ? instant
                : at instanceof OffsetDateTime odt ? odt.toInstant()
                : at instanceof Timestamp ts ? ts.toInstant()
                : Instant.parse(at.toString());
        return new Member((String) row[0], Role.parse((String) row[1]).orElseThrow(), (String) row[2], grantedAt);
    }
}
