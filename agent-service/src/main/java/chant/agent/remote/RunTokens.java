package chant.agent.remote;

import chant.client.auth.BearerCredentials;
import chant.support.remote.RemoteCalls;
import chant.v1.AuthServiceGrpc;
import chant.v1.CreateRunTokenRequest;
import io.grpc.Channel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The token a runner gets with its run (docs/auth.md, "Run tokens"): minted by spec-service, which
 * holds the issuer's private key, on agent-service's request ({@code AuthService.CreateRunToken},
 * agent-service's alone). It may report this run only and touch this run's spec only.
 */
public final class RunTokens {

    /** The longest a run token lives ({@code NewToken.MAX_RUN_TTL}). */
    public static final Duration MAX_TTL = chant.support.auth.issuer.NewToken.MAX_RUN_TTL;
    /** Beyond the run's timeout: the runner still finishes (commits, pushes, reports) after its agent stops. */
    public static final Duration MARGIN = Duration.ofMinutes(15);

    private final Channel channel;
    private final Duration deadline;
    private final Supplier<String> serviceToken;

    public RunTokens(Channel channel, Duration deadline, Supplier<String> serviceToken) {
        this.channel = channel;
        this.deadline = deadline;
        this.serviceToken = serviceToken;
    }

    /** How long the token of a run with this timeout lives: the timeout and {@link #MARGIN}, at most {@link #MAX_TTL} (which the longest timeout fits). */
    public static Duration ttl(int timeoutSeconds) {
        Duration ttl = Duration.ofSeconds(Math.max(0, timeoutSeconds)).plus(MARGIN);
        return ttl.compareTo(MAX_TTL) > 0 ? MAX_TTL : ttl;
    }

    /**
     * A new token for run {@code runId} on spec {@code specId} of {@code project}.
     *
     * @throws chant.support.remote.RemoteException when spec-service refuses or cannot be reached
     */
    public String create(long runId, String project, String specId, int timeoutSeconds) {
        return RemoteCalls.call(channel, "spec-service", "CreateRunToken", () -> AuthServiceGrpc.newBlockingStub(channel)
                .withCallCredentials(BearerCredentials.from(serviceToken))
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .createRunToken(CreateRunTokenRequest.newBuilder().setRunId(String.valueOf(runId)).setProject(project)
                        .setSpecId(specId).setTtlSeconds(ttl(timeoutSeconds).toSeconds()).build())).getToken();
    }
}
