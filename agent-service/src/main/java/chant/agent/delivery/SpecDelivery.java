package chant.agent.delivery;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A run's result for its spec, waiting for spec-service or delivered (table {@code spec_delivery}). */
@Entity
@Table(name = "spec_delivery")
public class SpecDelivery extends PanacheEntityBase {

    @Id
    @Column(name = "run_id")
    public Long runId;

    public String project;

    @Column(name = "spec_id")
    public String specId;

    public String caller;

    public String body;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> commits = new ArrayList<>();

    public String branch = "";

    public String model = "";

    @Column(name = "spec_end")
    public String specEnd;

    public String reason = "";

    @Column(name = "completed_at")
    public String completedAt = "";

    /** The commits replace the spec's instead of being added (a merge-conflict run rebased the branch). */
    @Column(name = "replace_commits")
    public boolean replaceCommits;

    public String state = "pending";

    public int attempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "last_error")
    public String lastError = "";

    @Column(name = "delivered_at")
    public Instant deliveredAt;
}
