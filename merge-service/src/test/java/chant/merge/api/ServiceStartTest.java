package chant.merge.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** merge-service starts on its own schema, built by its migrations, and is ready with its database. */
@QuarkusTest
@io.quarkus.test.common.QuarkusTestResource(value = chant.merge.testing.ScriptedSpecServiceResource.class,
        restrictToAnnotatedClass = false)
class ServiceStartTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void readinessChecksTheDatabase() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"));
    }

    @Test
    void theQueueLivesInSchemaMerge() throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); ResultSet r = c.createStatement().executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'merge'"
                        + " AND table_name LIKE 'merge_%' ORDER BY table_name")) {
            while (r.next()) {
                tables.add(r.getString(1));
            }
        }
        assertEquals(List.of("merge_item", "merge_queue", "merge_request"), tables);
    }
}
