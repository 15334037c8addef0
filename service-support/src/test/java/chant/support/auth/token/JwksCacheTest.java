package chant.support.auth.token;

import chant.support.testing.MutableClock;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JwksCacheTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T08:00:00Z"));

    @Test
    void manyCallersWithAnUnknownKeyIdCauseOneLoad() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        AtomicInteger loads = new AtomicInteger();
        JwksCache cache = new JwksCache("test", () -> {
            loads.incrementAndGet();
            return new JWKSet(key);
        }, Duration.ofSeconds(30), Duration.ofHours(1), clock);
        assertEquals(1, cache.keysFor(Optional.of("k1")).size());
        clock.advance(Duration.ofMinutes(1));

        int threads = 16;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> found = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                found.add(pool.submit(() -> {
                    go.await();
                    return cache.keysFor(Optional.of("unknown")).size();
                }));
            }
            go.countDown();
            for (Future<Integer> f : found) {
                assertEquals(0, f.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, loads.get(), "one load for the first use, one for all the unknown key IDs together");
    }

    @Test
    void onlyPublicSigningKeysAreKept() throws Exception {
        ECKey signing = new ECKeyGenerator(Curve.P_256).keyID("sig").keyUse(KeyUse.SIGNATURE).generate();
        ECKey encryption = new ECKeyGenerator(Curve.P_256).keyID("enc").keyUse(KeyUse.ENCRYPTION).generate();
        KeySource keys = JwksCache.fixed("test", new JWKSet(List.of(signing, encryption)));
        assertEquals(List.of("sig"), keys.keysFor(Optional.empty()).stream().map(k -> k.getKeyID()).toList());
        assertTrue(keys.keysFor(Optional.empty()).stream().noneMatch(k -> k.isPrivate()), "private parts are dropped");
    }
}
