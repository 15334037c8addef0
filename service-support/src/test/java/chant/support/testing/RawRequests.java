package chant.support.testing;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** A method whose request is sent as the bytes given, to test what a service makes of bytes no client library would send. */
public final class RawRequests {

    private RawRequests() {
    }

    /** {@code real} with a request marshaller that sends the bytes it is given as they are. */
    public static <Q, R> MethodDescriptor<byte[], R> of(MethodDescriptor<Q, R> real) {
        return real.toBuilder(new MethodDescriptor.Marshaller<byte[]>() {
            @Override
            public InputStream stream(byte[] value) {
                return new ByteArrayInputStream(value);
            }

            @Override
            public byte[] parse(InputStream stream) {
                try {
                    return stream.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }, real.getResponseMarshaller()).build();
    }
}
