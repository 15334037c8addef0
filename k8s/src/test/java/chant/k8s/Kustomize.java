package chant.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with {@code kubectl kustomize DIR} (a real process, argument list; kubectl
 * renders offline, without a cluster) and reads the result into fabric8 model objects.
 */
final class Kustomize {

    /** The module's folder (the manifests are in base/ and overlays/). */
    static Path k8sDir() {
        return Path.of(System.getProperty("chant.k8s.dir", ".")).toAbsolutePath().normalize();
    }

    static List<HasMetadata> render(Path kustomization) {
        String yaml = renderYaml(kustomization);
        Object parsed = new KubernetesSerialization().unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
        List<HasMetadata> objects = new ArrayList<>();
        if (parsed instanceof KubernetesList list) {
            objects.addAll(list.getItems());
        } else if (parsed instanceof List<?> list) {
            for (Object item : list) {
                objects.add((HasMetadata) item);
            }
        } else if (parsed instanceof HasMetadata single) {
            objects.add(single);
        } else {
            throw new AssertionError("kubectl kustomize " + kustomization + " gave no Kubernetes objects");
        }
        return objects;
    }

    static String renderYaml(Path kustomization) {
        if (!Files.isRegularFile(kustomization.resolve("kustomization.yaml"))) {
            throw new AssertionError(kustomization + " has no kustomization.yaml");
        }
        String kubectl = System.getenv().getOrDefault("CHANT_KUBECTL", "kubectl");
        ProcessBuilder builder = new ProcessBuilder(List.of(kubectl, "kustomize", kustomization.toString()));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + kubectl + " (" + e.getMessage() + "): these tests render the"
                    + " manifests with `kubectl kustomize`; install kubectl (the client is enough, no cluster is"
                    + " needed: https://kubernetes.io/docs/tasks/tools/) or name it with CHANT_KUBECTL", e);
        }
        try {
            process.getOutputStream().close();
            CompletableFuture<String> out = readAll(process.getInputStream());
            CompletableFuture<String> err = readAll(process.getErrorStream());
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl kustomize " + kustomization + " did not finish within 120 s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + kustomization + " failed (exit " + process.exitValue()
                        + "): " + err.join().strip());
            }
            return out.join();
        } catch (IOException e) {
            throw new AssertionError("cannot talk to kubectl: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("interrupted while kubectl kustomize ran", e);
        }
    }

    private static CompletableFuture<String> readAll(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private Kustomize() {
    }
}
