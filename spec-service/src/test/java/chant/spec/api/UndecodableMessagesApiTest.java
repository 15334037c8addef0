package chant.spec.api;

import chant.v1.ExportSpecsRequest;
import chant.v1.GetProjectRequest;
import chant.v1.ImportFile;
import chant.v1.ImportHeader;
import chant.v1.ImportSpecsRequest;
import chant.v1.ImportSpecsResponse;
import chant.v1.SpecServiceGrpc;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import chant.support.testing.RawRequests;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request message whose text is not UTF-8 (or that is not protobuf at all) is refused with
 * INVALID_ARGUMENT naming the message, at once, in every kind of RPC; a client-streaming import
 * that carried one stores nothing. The messages are written byte by byte: protobuf-java would
 * refuse to build them.
 */
@QuarkusTest
class UndecodableMessagesApiTest extends ApiTestBase {

    /** 0xC3 starts a two-byte UTF-8 sequence that 0x28 does not continue. */
    private static final byte[] NOT_UTF8 = {(byte) 0xC3, 0x28};

    /** Long enough for a hanging call to show, short enough not to hold the suite up. */
    private static final int DEADLINE_SECONDS = 20;

    @GrpcClient("specs")
    io.grpc.Channel channel;

    @Test
    void invalidUtf8InALaterImportMessageEndsTheStreamAtOnceNamingItAndStoresNothing() throws Exception {
        String project = "undecodable-" + UUID.randomUUID().toString().substring(0, 8);
        Upload upload = startImport();

        upload.send(ImportSpecsRequest.newBuilder().setHeader(ImportHeader.newBuilder()
                .setProject(project).setCreateProject(true)).build().toByteArray());
        upload.send(file("specs/good.md", "# Good\n"));
        upload.send(fileWithRawPath(concat("specs/bad".getBytes(StandardCharsets.UTF_8), NOT_UTF8)));
        // The client has not ended the stream: the answer must not wait for that.

        String description = upload.failure(Status.Code.INVALID_ARGUMENT);
        assertTrue(description.startsWith("message 3 of the ImportSpecs stream is not valid protobuf/UTF-8"), description);
        assertTrue(description.contains("UTF-8"), description);
        assertStatus(Status.Code.NOT_FOUND, () -> projects.getProject(GetProjectRequest.newBuilder().setName(project).build()));
    }

    @Test
    void invalidUtf8InTheHeaderEndsTheStreamNamingTheFirstMessage() throws Exception {
        String project = "undecodable-" + UUID.randomUUID().toString().substring(0, 8);
        Upload upload = startImport();

        byte[] header = concat(field(1, concat(project.getBytes(StandardCharsets.UTF_8), NOT_UTF8)), new byte[] {0x10, 0x01});
        upload.send(field(1, header));
        upload.send(file("specs/good.md", "# Good\n"));
        upload.finish();

        String description = upload.failure(Status.Code.INVALID_ARGUMENT);
        assertTrue(description.startsWith("message 1 of the ImportSpecs stream is not valid protobuf/UTF-8"), description);
        for (String name : List.of(project, project + "(")) {
            assertStatus(Status.Code.NOT_FOUND, () -> projects.getProject(GetProjectRequest.newBuilder().setName(name).build()));
        }
    }

    @Test
    void aMessageThatIsNotProtobufIsRefusedLikeInvalidUtf8() throws Exception {
        String project = "undecodable-" + UUID.randomUUID().toString().substring(0, 8);
        Upload upload = startImport();

        upload.send(ImportSpecsRequest.newBuilder().setHeader(ImportHeader.newBuilder()
                .setProject(project).setCreateProject(true)).build().toByteArray());
        // Field 2, length-delimited, announcing 100 bytes of which only 3 follow.
        upload.send(new byte[] {0x12, 100, 1, 2, 3});
        upload.finish();

        String description = upload.failure(Status.Code.INVALID_ARGUMENT);
        assertTrue(description.startsWith("message 2 of the ImportSpecs stream is not valid protobuf/UTF-8"), description);
        assertStatus(Status.Code.NOT_FOUND, () -> projects.getProject(GetProjectRequest.newBuilder().setName(project).build()));
    }

    @Test
    void aWellFormedStreamStillImportsThroughTheSameRawChannel() throws Exception {
        String project = "undecodable-" + UUID.randomUUID().toString().substring(0, 8);
        Upload upload = startImport();

        upload.send(ImportSpecsRequest.newBuilder().setHeader(ImportHeader.newBuilder()
                .setProject(project).setCreateProject(true)).build().toByteArray());
        upload.send(file("specs/good.md", "# Good\n"));
        upload.finish();

        assertEquals(1, upload.response().getImportedCount());
        assertEquals("Good", get(project, "good").getTitle());
    }

    @Test
    void invalidUtf8InAServerStreamingRequestIsNamedToo() {
        byte[] request = field(1, concat("p".getBytes(StandardCharsets.UTF_8), NOT_UTF8));

        String description = assertStatus(Status.Code.INVALID_ARGUMENT, () -> ClientCalls.blockingServerStreamingCall(
                channel, RawRequests.of(SpecServiceGrpc.getExportSpecsMethod()), CallOptions.DEFAULT
                        .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS), request).hasNext());
        assertTrue(description.startsWith("the ExportSpecs request is not valid protobuf/UTF-8"), description);
    }

    /** A client-streaming ImportSpecs call whose messages are sent as given bytes. */
    private Upload startImport() {
        ClientCall<byte[], ImportSpecsResponse> call = channel.newCall(RawRequests.of(SpecServiceGrpc.getImportSpecsMethod()),
                CallOptions.DEFAULT.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS));
        Upload upload = new Upload(call);
        call.start(upload.listener, new Metadata());
        call.request(1);
        return upload;
    }

    private static final class Upload {
        final ClientCall<byte[], ImportSpecsResponse> call;
        final CompletableFuture<ImportSpecsResponse> result = new CompletableFuture<>();
        final ClientCall.Listener<ImportSpecsResponse> listener = new ClientCall.Listener<>() {
            private ImportSpecsResponse response;

            @Override
            public void onMessage(ImportSpecsResponse message) {
                response = message;
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                if (status.isOk()) {
                    result.complete(response);
                } else {
                    result.completeExceptionally(status.asRuntimeException(trailers));
                }
            }
        };

        Upload(ClientCall<byte[], ImportSpecsResponse> call) {
            this.call = call;
        }

        void send(byte[] message) {
            call.sendMessage(message);
        }

        void finish() {
            call.halfClose();
        }

        ImportSpecsResponse response() throws Exception {
            return result.get(DEADLINE_SECONDS + 10, TimeUnit.SECONDS);
        }

        /** The description of the status the call ended with; fails unless it is {@code code}. */
        String failure(Status.Code code) {
            return assertStatus(code, () -> {
                try {
                    result.get(DEADLINE_SECONDS + 10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause();
                }
            });
        }
    }

    private static byte[] file(String path, String content) {
        return ImportSpecsRequest.newBuilder().setFile(ImportFile.newBuilder().setPath(path)
                .setContent(ByteString.copyFromUtf8(content))).build().toByteArray();
    }

    /** ImportSpecsRequest{file = ImportFile{path = <bytes as given>, content = "# Bad"}}. */
    private static byte[] fileWithRawPath(byte[] path) {
        return field(2, concat(field(1, path), field(2, "# Bad\n".getBytes(StandardCharsets.UTF_8))));
    }

    /** A length-delimited field: tag, length, bytes, with no check of what the bytes hold. */
    private static byte[] field(int number, byte[] value) {
        ByteString.Output out = ByteString.newOutput();
        CodedOutputStream coded = CodedOutputStream.newInstance(out);
        try {
            coded.writeByteArray(number, value);
            coded.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteString().toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

}
