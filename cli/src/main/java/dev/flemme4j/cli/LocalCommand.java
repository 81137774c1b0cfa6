package dev.flemme4j.cli;

import dev.flemme4j.cli.console.ConsoleLogging;
import dev.flemme4j.cli.console.LiveConsole;
import dev.flemme4j.cli.console.ProgressDisplay;
import dev.flemme4j.cli.console.ProgressRenderer;
import dev.flemme4j.cli.data.ShapesDatasetGenerator;
import dev.flemme4j.cli.data.ShapesDatasetWriter;
import dev.flemme4j.cli.job.JobStateReader;
import dev.flemme4j.cli.job.JobSubmitter;
import dev.flemme4j.cli.kafka.EmbeddedKafkaBroker;
import dev.flemme4j.cli.local.HeldOutEvaluation;
import dev.flemme4j.cli.local.SampleGrid;
import dev.flemme4j.cli.local.ScoredCasesPicture;
import dev.flemme4j.cli.local.ValidationSplitScoring;
import dev.flemme4j.coordinator.Coordinator;
import dev.flemme4j.coordinator.CoordinatorOptions;
import dev.flemme4j.coordinator.job.JobValidator;
import dev.flemme4j.coordinator.job.ValidatedJob;
import dev.flemme4j.kafka.KafkaClients;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.job.JobState;
import dev.flemme4j.protocol.job.JobStatus;
import dev.flemme4j.protocol.model.ModelManifest;
import dev.flemme4j.protocol.model.Task;
import dev.flemme4j.protocol.spec.TrainJobSpec;
import dev.flemme4j.serving.ServingOptions;
import dev.flemme4j.serving.ServingServer;
import dev.flemme4j.serving.kafka.KafkaInferenceEndpoint;
import dev.flemme4j.serving.model.ModelLease;
import dev.flemme4j.serving.model.ModelReleaseListener;
import dev.flemme4j.worker.Worker;
import dev.flemme4j.worker.WorkerOptions;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "local", mixinStandardHelpOptions = true,
        header = "The main job: train a YAML job over embedded Kafka, export ONNX, serve it.",
        description = {"The main job: everything on this machine in one process.",
                "Starts an embedded Apache Kafka broker (KRaft; data under --state-dir), the",
                "coordinator, one worker and the serving process; submits JOB.yaml; shows",
                "training progress; exports the model to ONNX and serves it. Then it scores",
                "the served model on held-out data and writes a picture of the first cases",
                "into the job's artifacts folder (held-out.png): a segmentation model on the",
                "dataset's test/ folder (test/images + test/masks) if it has one, over HTTP",
                "(Dice); a classification or reconstruction model on the job's validation",
                "split, val_loader or val_split_ratio (ACC; MSE and PSNR), in-process with the",
                "served ONNX session. Then it keeps serving until Ctrl-C.",
                "",
                "The console shows the addresses, one progress line with the time left, and",
                "the results. The full logs of every role (Kafka, coordinator, worker,",
                "serving) go to logs/local.log under --state-dir (.flemme/logs/local.log by",
                "default), written afresh each run. Warnings and errors also show on the",
                "console, one line each; --verbose shows every log line there too.",
                "",
                "Other terminals can use the broker meanwhile (./flemme submit/status,",
                "kcat -b 127.0.0.1:9092).",
                ""})
final class LocalCommand implements Callable<Integer> {
    /** Where configs/quickstart.yaml expects its synthetic data; generated on first run. */
    static final String QUICKSTART_DATA = ".flemme/data/shapes";
    /** Cases in the held-out picture of a classification or reconstruction model. */
    static final int PICTURE_CASES = 32;

    @Parameters(paramLabel = "JOB.yaml", arity = "0..1", defaultValue = "configs/quickstart.yaml",
            description = "Flemme train config (default: ${DEFAULT-VALUE})")
    Path job;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = ".flemme",
            description = "broker data, artifacts and models live here (default: ${DEFAULT-VALUE})")
    Path state;

    /** The former spelling; accepted, not advertised. A field of its own, so the default of the new spelling cannot overwrite it. */
    @Option(names = "--state", hidden = true, paramLabel = "DIR")
    Path formerState;

    Path stateDir() {
        return formerState != null ? formerState : state;
    }

    @Option(names = "--kafka-port", defaultValue = "9092", description = "broker port, 0 = any free port (default: ${DEFAULT-VALUE})")
    int kafkaPort;

    @Option(names = "--serving-port", defaultValue = "8090", description = "serving HTTP port, 0 = any (default: ${DEFAULT-VALUE})")
    int servingPort;

    @Option(names = "--coordinator-port", defaultValue = "8080", description = "coordinator HTTP port, 0 = any (default: ${DEFAULT-VALUE})")
    int coordinatorPort;

    @Option(names = "--worker-port", defaultValue = "8081", description = "worker metrics port, 0 = any (default: ${DEFAULT-VALUE})")
    int workerPort;

    @Option(names = "--device", defaultValue = "auto", description = "training device: auto | cpu | cuda:N (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--exit-when-done", description = "stop after training and scoring instead of serving until Ctrl-C (for scripts)")
    boolean exitWhenDone;

    @Option(names = "--timeout", defaultValue = "PT2H", description = "give up waiting for the job after this long (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = {"-v", "--verbose"}, description = "show every log line on the console too, not only warnings and errors"
            + " (they all go to logs/local.log under --state-dir either way)")
    boolean verbose;

    private LiveConsole console;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        if (!Files.isRegularFile(job)) {
            System.err.println("no such job file: " + job);
            return 2;
        }
        console = LiveConsole.onStdout();
        Path logFile = stateDir().resolve("logs").resolve("local.log");
        // for the life of the process: the shutdown hook's closing is logged too
        ConsoleLogging.toFile(logFile, verbose, console);
        console.println(row("logs", logFile + (verbose ? "" : " (every role; --verbose shows them here)")));
        String yaml = Files.readString(job, StandardCharsets.UTF_8);
        Path dataPath = quickstartDataOf(yaml);
        if (dataPath != null && !Files.isDirectory(dataPath)) {
            console.println("generating the synthetic shapes dataset in " + dataPath + " (first run)");
            new ShapesDatasetWriter(new ShapesDatasetGenerator(64, 42)).write(dataPath, 400, 64);
        }
        StopSignal stop = new StopSignal();
        stop.onStop("console", () -> {
            console.endStatus(); // Ctrl-C during training: the progress line stays as it was
            console.println("stopped; the logs are in " + logFile);
        });
        Files.createDirectories(stateDir());
        Path artifacts = stateDir().resolve("artifacts").toAbsolutePath();
        Path models = stateDir().resolve("models").toAbsolutePath();
        Files.createDirectories(models);

        console.status("starting Kafka, the coordinator, a worker and serving ...");
        EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder(stateDir().resolve("kafka")).port(kafkaPort).start();
        stop.onStop("kafka", kafka::close);
        kafka.waitUntilReady(Duration.ofSeconds(60));
        String bootstrap = kafka.bootstrapServers();
        console.println(row("kafka", bootstrap));

        Vertx vertx = Vertx.vertx();
        stop.onStop("vert.x", () -> vertx.close().await(10, TimeUnit.SECONDS));
        Coordinator coordinator = Coordinator.start(vertx, CoordinatorOptions.defaults(bootstrap)
                .withDataRoot(Path.of("").toAbsolutePath()).withArtifactRoot(artifacts).withHttpPort(coordinatorPort))
                .await(120, TimeUnit.SECONDS);
        stop.onStop("coordinator", () -> coordinator.stop().await(30, TimeUnit.SECONDS));
        WorkerOptions wo = WorkerOptions.defaults(bootstrap).withArtifactRoot(artifacts).withHttpPort(workerPort).withDevice(device);
        Worker worker = Worker.start(vertx, wo).await(60, TimeUnit.SECONDS);
        stop.onStop("worker", () -> worker.stop().await(90, TimeUnit.SECONDS));
        ServingServer serving = ServingServer.start(vertx, ServingOptions.defaults().withModelsRoot(models).withArtifactRoot(artifacts)
                .withHost("127.0.0.1").withPort(servingPort)).await(60, TimeUnit.SECONDS);
        stop.onStop("serving", () -> serving.close().await(30, TimeUnit.SECONDS));
        ModelReleaseListener releases = new ModelReleaseListener(new KafkaClients(bootstrap), serving.registry(), serving.trustedRoots()).start();
        serving.health().check("model releases", releases::problem);
        stop.onStop("model releases", releases::close);
        // the same requests as HTTP, streamed over Kafka (kcat -P to flemme.infer.requests): part of the local stack too
        KafkaInferenceEndpoint inference = KafkaInferenceEndpoint.start(new KafkaClients(bootstrap), serving.inference(),
                serving.sampling(), serving.meterRegistry(), serving.options().requestTimeout());
        stop.onStop("kafka inference", inference::close);
        stop.onStop("console", () -> {
            console.endStatus();
            console.println("stopping serving, the worker, the coordinator and Kafka ...");
        });
        console.println(row("coordinator", "http://127.0.0.1:" + coordinator.httpPort() + "/v1/jobs"));
        console.println(row("worker", "http://127.0.0.1:" + worker.httpPort() + "/metrics"));
        console.println(row("serving", "http://127.0.0.1:" + serving.port() + "/v1/models"));
        console.println(row("inference", Topics.INFER_REQUESTS + " -> " + Topics.INFER_RESPONSES + " (Kafka)"));

        String jobId = JobSubmitter.submit(new KafkaClients(bootstrap), yaml, null);
        console.println(row("submitted", job + " as job " + jobId));
        JobState last;
        ProgressDisplay display = new ProgressDisplay(console);
        try (JobStateReader reader = new JobStateReader(new KafkaClients(bootstrap))) {
            last = reader.follow(jobId, display, s -> s.state().isTerminal(), timeout);
        }
        display.finish();
        int exit = report(last, serving, yaml, started);
        if (exitWhenDone || exit != 0) {
            stop.requestStop();
            return exit;
        }
        console.println("serving until Ctrl-C ...");
        stop.await();
        return 0;
    }

    /** A start-up summary line: the name in a column of its own. */
    static String row(String name, String value) {
        return String.format(Locale.ROOT, "%-11s %s", name, value);
    }

    /** Validation metrics by name, rounded for reading: "ACC 0.9981, Dice 0.9926, val_loss 0.0180". */
    static String metricsText(Map<String, Double> metrics) {
        StringBuilder b = new StringBuilder();
        Map<String, Double> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(metrics);
        for (Map.Entry<String, Double> e : byName.entrySet()) {
            b.append(b.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                    .append(String.format(Locale.ROOT, "%.4f", e.getValue()));
        }
        return b.length() == 0 ? "none" : b.toString();
    }

    private int report(JobState last, ServingServer serving, String yaml, long started) throws Exception {
        if (last == null || last.state() != JobStatus.COMPLETED) {
            System.err.println("job did not complete: " + (last == null ? "no state within " + timeout : ProgressRenderer.render(last)));
            return 1;
        }
        double trainSeconds = (System.nanoTime() - started) / 1e9;
        console.println(String.format(Locale.ROOT, "trained in %.0f s; %.1f samples/s in the last epoch; validation: %s",
                trainSeconds, last.progress().samplesPerSecond(), metricsText(last.metrics())));
        String name = last.model();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!serving.registry().isLoaded(name) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        if (!serving.registry().isLoaded(name)) {
            System.err.println("the model " + name + " was exported to " + last.artifacts() + " but serving did not load it");
            return 1;
        }
        Task task = serving.registry().manifest(name).map(ModelManifest::task).orElse(Task.SEGMENT);
        if (task == Task.SEGMENT) {
            reportSegmentation(last, serving, heldOutOf(yaml));
        } else if (task == Task.SAMPLE) {
            reportSamples(last, serving, serving.registry().manifest(name).orElseThrow());
        } else {
            reportValidationSplit(last, serving, yaml, task);
        }
        console.println(String.format(Locale.ROOT, "main job took %.0f s end to end", (System.nanoTime() - started) / 1e9));
        return 0;
    }

    /** Generative models: the served /sample endpoint, a curl line, and one grid of samples to look at. */
    private void reportSamples(JobState last, ServingServer serving, ModelManifest manifest) throws Exception {
        String url = "http://127.0.0.1:" + serving.port() + "/v1/models/" + last.model() + "/sample";
        console.println("model " + last.model() + " (sample) is served at " + url);
        SampleGrid.Request request = SampleGrid.request(manifest.diffusion());
        if (request == null) {
            console.println("no sample grid: this model's condition is a tensor; POST one as \"condition\" (see the README)");
            return;
        }
        // a point-cloud latent model answers one PLY per sample in a JSON array rather than a picture
        String file = manifest.latentDecoder() != null && manifest.latentDecoder().pointCloud() ? "samples.json" : "samples.png";
        console.println("try:  curl -s -X POST -H 'Content-Type: application/json' -d '" + request.json() + "' " + url + " -o " + file);
        SampleGrid.Result r = new SampleGrid().run(url, request, Path.of(last.artifacts()).resolve(file));
        console.println(String.format(Locale.ROOT, "%d samples in %.1f s; picture: %s", r.samples(), r.seconds(), r.picture()));
    }

    private void reportSegmentation(JobState last, ServingServer serving, Path heldOut) throws Exception {
        String name = last.model();
        String url = "http://127.0.0.1:" + serving.port() + "/v1/models/" + name + "/segment";
        console.println("model " + name + " is served at " + url);
        String sample = heldOut != null ? firstPng(heldOut.resolve("images")) : "IMAGE.png";
        console.println("try:  curl -s -X POST -H 'Content-Type: image/png' --data-binary @" + sample + " " + url + " -o mask.png");
        if (heldOut != null) {
            Path picture = Path.of(last.artifacts()).resolve("held-out.png");
            HeldOutEvaluation.Result r = new HeldOutEvaluation().run(url, heldOut.resolve("images"), heldOut.resolve("masks"), picture);
            console.println(String.format(Locale.ROOT, "held-out Dice: %.4f over %d synthetic test images (%.1f ms per request);"
                    + " picture: %s", r.meanDice(), r.images(), r.meanLatencyMillis(), r.picture()));
        }
    }

    /**
     * Classification and reconstruction: serving's HTTP API segments only, so the served ONNX session is scored
     * in-process on the job's validation split (for MNIST's val_loader, the test set).
     */
    private void reportValidationSplit(JobState last, ServingServer serving, String yaml, Task task) throws Exception {
        String name = last.model();
        console.println("model " + name + " (" + task.name().toLowerCase(Locale.ROOT) + ") is loaded in serving: http://127.0.0.1:"
                + serving.port() + "/v1/models/" + name + "/" + task.name().toLowerCase(Locale.ROOT));
        // the coordinator's own validation and plan, on the same data root as the coordinator above
        ValidatedJob job = new JobValidator(Path.of("").toAbsolutePath()).validate(last.id(), yaml);
        ValidationSplitScoring scoring = new ValidationSplitScoring(job, PICTURE_CASES);
        if (!scoring.applies()) {
            console.println("no held-out score: the job has no validation split (give val_loader or val_split_ratio)");
            return;
        }
        ValidationSplitScoring.Result r;
        try (ModelLease lease = serving.registry().lease(name).orElseThrow(() -> new IllegalStateException(name + " was unloaded"))) {
            r = scoring.run(lease.model());
        }
        Path picture = Path.of(last.artifacts()).resolve("held-out.png");
        if (task == Task.CLASSIFY) {
            ScoredCasesPicture.writeClassified(r.firstCases(), picture);
        } else {
            ScoredCasesPicture.writeReconstructed(r.firstCases(), picture);
        }
        console.println(String.format(Locale.ROOT, "held-out %s over %d images of %s, scored with the served ONNX model"
                + " (%.2f ms per image); picture: %s", r.metricsText(), r.samples(), r.split(), r.meanMillisPerSample(), picture));
    }

    /**
     * A held-out split next to the training data ({@code <data_path>/test/images} + {@code test/masks}, the layout
     * {@code flemme data shapes} writes), or null when the dataset has none.
     */
    static Path heldOutOf(String yaml) {
        try {
            for (String p : TrainJobSpec.parse(yaml).loader().dataPaths()) {
                Path test = Path.of(p).resolve("test").toAbsolutePath();
                if (Files.isDirectory(test.resolve("images")) && Files.isDirectory(test.resolve("masks"))) {
                    return test;
                }
            }
        } catch (ConfigException e) {
            return null;
        }
        return null;
    }

    private static String firstPng(Path dir) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".png")).sorted().findFirst().map(Path::toString).orElse("IMAGE.png");
        }
    }

    /** The job's data folder when it is the quickstart's synthetic dataset (generated on demand), else null. */
    static Path quickstartDataOf(String yaml) {
        TrainJobSpec spec;
        try {
            spec = TrainJobSpec.parse(yaml);
        } catch (ConfigException e) {
            return null; // the coordinator will reject it with the path; nothing to generate
        }
        for (String p : spec.loader().dataPaths()) {
            if (Path.of(p).normalize().equals(Path.of(QUICKSTART_DATA))) {
                return Path.of(p);
            }
        }
        return null;
    }
}
