package chant.agent.api;

import chant.agent.provider.claude.ClaudeProvider;
import chant.support.sandbox.Sandbox;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** agent-service starts on its own schema, is ready with its database, and sandboxes agents by default. */
@QuarkusTest
class ServiceStartTest {

    @Inject
    Sandbox sandbox;

    @Inject
    ClaudeProvider claude;

    @Test
    void readinessChecksTheDatabase() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"));
    }

    @Test
    void agentsAreSandboxedByDefaultAndBubblewrapWorksHere() {
        assertTrue(sandbox.isSandboxed());
        sandbox.check();
        assertNotNull(claude);
    }
}
