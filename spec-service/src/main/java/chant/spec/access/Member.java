package chant.spec.access;

import chant.support.auth.Role;
import java.time.Instant;

/** A stored grant: {@code subject} holds {@code role} in a project, given by {@code grantedBy}. */
public record Member(String subject, Role role, String grantedBy, Instant grantedAt) {
}
