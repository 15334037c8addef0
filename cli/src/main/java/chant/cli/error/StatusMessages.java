package chant.cli.error;

import chant.cli.CliException;
import chant.cli.config.Service;
import chant.client.ServiceAddress;
import io.grpc.Status;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Turns a gRPC status into the one line and the exit code a person sees. */
public final class StatusMessages {

    private StatusMessages() {
    }

    /**
     * The failure of a call to {@code service} at {@code address}; {@code deadline} is the deadline
     * the call had (null when unknown or none).
     */
    public static CliException toCliException(Status status, Service service, ServiceAddress address,
                                              Duration deadline, Throwable cause) {
        return new CliException(exitCode(status.getCode()), message(status, service, address, deadline), cause);
    }

    public static int exitCode(Status.Code code) {
        return switch (code) {
            case NOT_FOUND -> ExitCodes.NOT_FOUND;
            case INVALID_ARGUMENT -> ExitCodes.INVALID_ARGUMENT;
            case FAILED_PRECONDITION, ALREADY_EXISTS -> ExitCodes.PRECONDITION;
            case ABORTED -> ExitCodes.CONFLICT;
            case UNAVAILABLE, DEADLINE_EXCEEDED -> ExitCodes.UNAVAILABLE;
            case UNAUTHENTICATED -> ExitCodes.UNAUTHENTICATED;
            case PERMISSION_DENIED -> ExitCodes.PERMISSION_DENIED;
            default -> ExitCodes.FAILED;
        };
    }

    /**
     * The message without the "chant: " prefix, on one line. Unreachable and slow services are
     * named with their address. So is any other failure of a service other than spec-service
     * ({@code agent-service at localhost:8182: run 12 does not exist}): spec-service's messages
     * stand alone, as the one service most commands talk to. A refused token names the service
     * that refused it whichever that is (each service checks the token itself).
     */
    public static String message(Status status, Service service, ServiceAddress address, Duration deadline) {
        String where = service.serviceName() + " at " + address;
        String message = ownMessage(status, where, deadline);
        return switch (status.getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED, UNAUTHENTICATED -> message;
            default -> service == Service.SPEC ? message : where + ": " + message;
        };
    }

    private static String ownMessage(Status status, String where, Duration deadline) {
        String description = oneLine(status.getDescription());
        return switch (status.getCode()) {
            case UNAVAILABLE -> "cannot reach " + where + " (is it running? scripts/services status)";
            // The description is gRPC's account of its transport (buffered_nanos, closed=[]...): left out.
            case DEADLINE_EXCEEDED -> where + " did not answer "
                    + (deadline == null ? "in time" : "within " + seconds(deadline))
                    + " (wait longer with --timeout SECONDS)";
            // The verifier's reason (expired, wrong issuer...) never repeats the token.
            case UNAUTHENTICATED -> where + " did not accept your token"
                    + (description.isEmpty() ? "" : ": " + description)
                    + " (chant whoami checks a token; chant token create makes one)";
            // The services' own messages for these codes say what is wrong and with what.
            case NOT_FOUND, INVALID_ARGUMENT, FAILED_PRECONDITION, ALREADY_EXISTS, ABORTED ->
                    description.isEmpty() ? word(status.getCode()) : description;
            default -> word(status.getCode()) + (description.isEmpty() ? "" : ": " + description);
        };
    }

    /** {@code 5 s}, {@code 0.5 s}. */
    static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toNanos(), 9).stripTrailingZeros().toPlainString() + " s";
    }

    /** A short word for the code, for messages that would be unclear without it. */
    static String word(Status.Code code) {
        return switch (code) {
            case NOT_FOUND -> "not found";
            case INVALID_ARGUMENT -> "invalid request";
            case FAILED_PRECONDITION -> "refused";
            case ALREADY_EXISTS -> "already exists";
            case ABORTED -> "conflict";
            case PERMISSION_DENIED -> "permission denied";
            case UNAUTHENTICATED -> "not authenticated";
            case UNIMPLEMENTED -> "not supported by this server";
            case RESOURCE_EXHAUSTED -> "over a server limit";
            case CANCELLED -> "cancelled";
            case INTERNAL, UNKNOWN, DATA_LOSS -> "server error";
            default -> code.name().toLowerCase().replace('_', ' ');
        };
    }

    /** Joins the lines of a multi-line description with "; ". */
    public static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        return Arrays.stream(text.split("\\R"))
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .collect(Collectors.joining("; "));
    }
}
