package chant.system;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Plays the kubelet for the Jobs agent-service's Kubernetes backend makes in fabric8's mock API
 * server: each new Job gets its pod, and the pod's one container is its command run as a process on
 * this machine, as a container would run it. The container's file system is an image laid out the
 * way agent-service's Dockerfile lays it out ({@link #imageFromDockerfile}); its volumes are
 * directories of their own; its environment is the container's variables alone (plus the image's
 * {@code PATH}), with {@code secretKeyRef} and {@code envFrom} read from the API. When the process ends
 * the pod ends with its exit code, as the kubelet reports it.
 */
final class Kubelet implements AutoCloseable {

    /** Where the image puts the application: absolute paths under it are the image's. */
    static final String IMAGE_ROOT = "/deployments";

    private final KubernetesClient client;
    private final String namespace;
    private final Path image;
    private final Path pods;
    private final Watch watch;
    private final ExecutorService containers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kubelet-container");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Process> running = new ConcurrentHashMap<>();
    private final Map<String, Integer> exits = new ConcurrentHashMap<>();

    Kubelet(KubernetesClient client, String namespace, Path image, Path pods) {
        this.client = client;
        this.namespace = namespace;
        this.image = image;
        this.pods = pods;
        this.watch = client.batch().v1().jobs().inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Job job) {
                if (action == Action.ADDED) {
                    containers.execute(() -> run(job));
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                // The test ends: nothing to do.
            }
        });
    }

    /**
     * Builds the image's files under {@code into} from the {@code COPY} lines of {@code dockerfile}
     * (sources relative to {@code context}, a {@code *.jar} pattern as the last part allowed), as
     * {@code docker build} would copy them.
     */
    static Path imageFromDockerfile(Path dockerfile, Path context, Path into) throws IOException {
        for (String line : Files.readAllLines(dockerfile, StandardCharsets.UTF_8)) {
            String[] words = line.strip().split("\\s+");
            if (words.length < 3 || !words[0].equals("COPY")) {
                continue;
            }
            List<String> args = Stream.of(words).skip(1).filter(w -> !w.startsWith("--")).toList();
            String source = args.get(0);
            Path destination = into.resolve(args.get(1).replaceFirst("^/", ""));
            if (source.endsWith("*.jar")) {
                Path dir = context.resolve(source.substring(0, source.length() - "*.jar".length()));
                Files.createDirectories(destination);
                try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
                    for (Path jar : jars) {
                        Files.copy(jar, destination.resolve(jar.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            } else {
                copyTree(context.resolve(source), destination);
            }
        }
        return into;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** The exit code of the Job's container, once it ended. */
    Optional<Integer> exitCode(String jobName) {
        return Optional.ofNullable(exits.get(jobName));
    }

    /** What the Job's container printed. */
    String output(String jobName) throws IOException {
        Path log = pods.resolve(jobName).resolve("output.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private void run(Job job) {
        String name = job.getMetadata().getName();
        Path pod = pods.resolve(name);
        Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        Pod created = client.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata()
                .withName(name + "-pod").addToLabels(job.getSpec().getTemplate().getMetadata().getLabels())
                .addToLabels("job-name", name).endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .withNewStatus().withPhase("Running").endStatus().build()).create();
        int code;
        try {
            Map<String, Path> mounts = new LinkedHashMap<>();
            for (VolumeMount mount : container.getVolumeMounts()) {
                mounts.put(mount.getMountPath(), Files.createDirectories(pod.resolve("volumes").resolve(mount.getName())));
            }
            List<String> command = new ArrayList<>();
            for (String word : container.getCommand()) {
                command.add(inContainer(word, mounts));
            }
            if (command.get(0).equals("java")) {
                command.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
            }
            command.addAll(container.getArgs() == null ? List.of() : container.getArgs());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(pod.resolve("output.log").toFile())
                    .directory(Path.of(inContainer(container.getWorkingDir(), mounts)).toFile());
            Map<String, String> env = builder.environment();
            env.clear();
            env.put("PATH", System.getenv("PATH"));
            for (EnvFromSource from : container.getEnvFrom()) {
                env.putAll(from.getSecretRef() != null ? secret(from.getSecretRef().getName())
                        : configMap(from.getConfigMapRef().getName()));
            }
            for (EnvVar variable : container.getEnv()) {
                if (variable.getValueFrom() != null) {
                    var ref = variable.getValueFrom().getSecretKeyRef();
                    env.put(variable.getName(), Optional.ofNullable(secret(ref.getName()).get(ref.getKey()))
                            .orElseThrow(() -> new IllegalStateException("Secret " + ref.getName() + " has no " + ref.getKey())));
                } else {
                    env.put(variable.getName(), inContainer(variable.getValue(), mounts));
                }
            }
            Process process = builder.start();
            running.put(name, process);
            code = process.waitFor();
        } catch (IOException | RuntimeException e) {
            code = 128; // the container could not be started (CreateContainerError)
            try {
                Files.writeString(pod.resolve("output.log"), "kubelet: " + e + "\n");
            } catch (IOException ignored) {
                // nothing more to say
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } finally {
            running.remove(name);
        }
        exits.put(name, code);
        int exit = code;
        client.pods().inNamespace(namespace).withName(created.getMetadata().getName()).edit(p -> new PodBuilder(p)
                .editStatus().withPhase(exit == 0 ? "Succeeded" : "Failed")
                .withContainerStatuses(new ContainerStatusBuilder().withName(container.getName()).withNewState()
                        .withNewTerminated().withExitCode(exit).withReason(exit == 0 ? "Completed" : "Error")
                        .endTerminated().endState().build())
                .endStatus().build());
    }

    /**
     * A path (or a {@code :}-separated list of them, as a class path) as the container sees it, made a
     * path on this machine: under a volume's mount path, the volume's directory; under the image's root,
     * the image's copy. Anything else stays as it is.
     */
    private String inContainer(String value, Map<String, Path> mounts) {
        if (value == null) {
            return null;
        }
        List<String> paths = new ArrayList<>(mounts.keySet());
        paths.sort(Comparator.comparingInt(String::length).reversed());
        List<String> parts = new ArrayList<>();
        for (String part : value.split(":", -1)) {
            String mapped = part;
            for (String mountPath : paths) {
                if (part.equals(mountPath) || part.startsWith(mountPath + "/")) {
                    mapped = mounts.get(mountPath) + part.substring(mountPath.length());
                    break;
                }
            }
            if (mapped.equals(part) && part.startsWith(IMAGE_ROOT + "/")) {
                mapped = image + part;
            }
            parts.add(mapped);
        }
        return String.join(":", parts);
    }

    private Map<String, String> secret(String name) {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null) {
            throw new IllegalStateException("Secret " + name + " does not exist (CreateContainerConfigError)");
        }
        Map<String, String> values = new LinkedHashMap<>();
        // An API server turns stringData into data; the mock keeps what it was given.
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> values.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        return values;
    }

    private Map<String, String> configMap(String name) {
        ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
        if (map == null) {
            throw new IllegalStateException("ConfigMap " + name + " does not exist (CreateContainerConfigError)");
        }
        return map.getData() == null ? Map.of() : map.getData();
    }

    @Override
    public void close() throws InterruptedException {
        watch.close();
        running.values().forEach(Process::destroyForcibly);
        containers.shutdownNow();
        containers.awaitTermination(10, TimeUnit.SECONDS);
    }
}
