package dev.flemme4j.cli.it;

import ai.djl.engine.Engine;
import dev.flemme4j.cli.data.ShapesDatasetGenerator;
import dev.flemme4j.cli.data.ShapesDatasetWriter;
import dev.flemme4j.cli.job.JobStateReader;
import dev.flemme4j.cli.job.JobSubmitter;
import dev.flemme4j.cli.kafka.EmbeddedKafkaBroker;
import dev.flemme4j.coordinator.Coordinator;
import dev.flemme4j.coordinator.CoordinatorOptions;
import dev.flemme4j.kafka.KafkaClients;
import dev.flemme4j.protocol.job.JobState;
import dev.flemme4j.serving.ServingOptions;
import dev.flemme4j.serving.ServingServer;
import dev.flemme4j.serving.model.ModelReleaseListener;
import dev.flemme4j.worker.Worker;
import dev.flemme4j.worker.WorkerOptions;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Every role of the platform on real parts in this JVM: an embedded Kafka broker (KRaft), the coordinator, one
 * DJL worker and ONNX Runtime serving fed by model releases, plus a small synthetic shapes dataset. Ports are
 * picked free so tests never collide with a developer's running `./flemme local`.
 */
public final class Pipeline implements AutoCloseable {
    public static final int IMAGE = 32;

    public final Path root;
    public final Path data;
    private EmbeddedKafkaBroker kafka;
    private Vertx vertx;
    public Coordinator coordinator;
    public Worker worker;
    private final java.util.List<Worker> workers = new java.util.ArrayList<>();
    public ServingServer serving;
    private ModelReleaseListener releases;

    /** Starts piece by piece, so a failure half-way still closes what is already up. */
    public Pipeline(Path root) throws Exception {
        this(root, true);
    }

    /** @param withWorker false: no in-process worker (the test brings its own, e.g. worker processes) */
    public Pipeline(Path root, boolean withWorker) throws Exception {
        this.root = root;
        this.data = root.resolve("shapes");
        try {
            new ShapesDatasetWriter(new ShapesDatasetGenerator(IMAGE, 11)).write(data, 96, 8);
            // Load the engine here, on the test thread, as `flemme inspect` or a second job would: the worker's
            // training thread then is not the one that loaded it (PyTorch's grad mode is per thread).
            Engine.getInstance();
            kafka = EmbeddedKafkaBroker.builder(root.resolve("kafka")).port(0).controllerPort(0).start();
            kafka.waitUntilReady(Duration.ofSeconds(60));
            vertx = Vertx.vertx();
            Path artifacts = root.resolve("artifacts");
            coordinator = Coordinator.start(vertx, CoordinatorOptions.defaults(kafka.bootstrapServers()).withDataRoot(root)
                    .withArtifactRoot(artifacts).withHttpPort(0).withDataPartitions(2)).await(120, TimeUnit.SECONDS);
            worker = withWorker ? startWorker("w1") : null;
            serving = ServingServer.start(vertx, ServingOptions.defaults().withModelsRoot(root.resolve("models"))
                    .withArtifactRoot(artifacts).withHost("127.0.0.1").withPort(0)).await(60, TimeUnit.SECONDS);
            releases = new ModelReleaseListener(new KafkaClients(kafka.bootstrapServers()), serving.registry(), serving.trustedRoots()).start();
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** An in-process worker on the same broker (its own id, its own command consumer group). */
    public Worker startWorker(String id) throws Exception {
        Worker w = Worker.start(vertx, WorkerOptions.defaults(kafka.bootstrapServers()).withWorkerId(id)
                .withArtifactRoot(root.resolve("artifacts")).withHttpPort(0).withDevice("cpu")).await(60, TimeUnit.SECONDS);
        workers.add(w);
        return w;
    }

    /** A client factory for this broker, as every test client is built. */
    public KafkaClients clients() {
        return new KafkaClients(bootstrap());
    }

    public String bootstrap() {
        return kafka.bootstrapServers();
    }

    /** Scrape job name → the role's {@code host:port}; the names are the compose stack's scrape jobs. */
    public Map<String, String> scrapeTargets() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("coordinator", "127.0.0.1:" + coordinator.httpPort());
        out.put("worker", "127.0.0.1:" + worker.httpPort());
        out.put("serving", "127.0.0.1:" + serving.port());
        return out;
    }

    /**
     * A small SeM/UNet job on the shapes data with a validation split (so validation metrics exist);
     * {@code encoderExtra} adds encoder lines.
     */
    public static String job(String name, String encoderExtra, String dataPath) {
        return """
                mode: train
                rand_seed: 3
                model:
                  name: SeM
                  encoder:
                    name: UNet
                    image_size: [32, 32]
                    in_channel: 1
                    out_channel: 1
                    patch_channel: 8
                    patch_size: 2
                    down_channels: [16, 32]
                    middle_channels: [64, 64]
                    normalization: batch
                %s
                  segmentation_losses:
                    - name: Dice
                    - name: BCEL
                loader:
                  dataset:
                    name: ImgSegDataset
                    data_path: %s
                    data_dir: images
                    label_dir: masks
                  batch_size: 8
                  data_transforms:
                    - name: ToTensor
                val_split_ratio: 0.125
                optimizer:
                  name: Adam
                  lr: 0.002
                max_epoch: 2
                job:
                  name: %s
                """.formatted(encoderExtra, dataPath, name);
    }

    public JobState submitAndWait(String yaml, Duration timeout) throws InterruptedException {
        String id = JobSubmitter.submit(new KafkaClients(bootstrap()), yaml, null);
        try (JobStateReader reader = new JobStateReader(new KafkaClients(bootstrap()))) {
            return reader.follow(id, s -> { }, s -> s.state().isTerminal(), timeout);
        }
    }

    @Override
    public void close() throws Exception {
        if (releases != null) {
            releases.close();
        }
        if (serving != null) {
            serving.close().await(30, TimeUnit.SECONDS);
        }
        for (Worker w : workers) {
            w.stop().await(90, TimeUnit.SECONDS);
        }
        if (coordinator != null) {
            coordinator.stop().await(30, TimeUnit.SECONDS);
        }
        if (vertx != null) {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
        if (kafka != null) {
            kafka.close();
        }
    }
}
