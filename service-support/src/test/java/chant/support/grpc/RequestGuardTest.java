package chant.support.grpc;

import com.google.protobuf.Api;
import com.google.protobuf.Method;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RequestGuardTest {

    @Test
    void cleanMessagesPass() {
        Api api = Api.newBuilder().setName("chant").addMethods(Method.newBuilder().setName("Get")).build();
        assertEquals(Optional.empty(), RequestGuard.fieldWithNul(api, ""));
    }

    @Test
    void namesTheTopLevelField() {
        Api api = Api.newBuilder().setName("ch\0ant").build();
        assertEquals(Optional.of("name"), RequestGuard.fieldWithNul(api, ""));
    }

    @Test
    void namesNestedAndRepeatedFields() {
        Api api = Api.newBuilder().setName("chant")
                .addMethods(Method.newBuilder().setName("Get"))
                .addMethods(Method.newBuilder().setName("List").setRequestTypeUrl("type/\0"))
                .build();
        assertEquals(Optional.of("methods[1].request_type_url"), RequestGuard.fieldWithNul(api, ""));
    }

    @Test
    void aTrailingNulIsFoundToo() {
        Api api = Api.newBuilder().setVersion("v1\0").build();
        assertEquals(Optional.of("version"), RequestGuard.fieldWithNul(api, ""));
    }
}
