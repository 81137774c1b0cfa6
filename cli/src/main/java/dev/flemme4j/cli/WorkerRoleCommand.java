package dev.flemme4j.cli;

import dev.flemme4j.worker.Worker;
import dev.flemme4j.worker.WorkerOptions;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(defaultValueProvider = RoleDefaults.class, name = "worker", mixinStandardHelpOptions = true,
        header = "Run a training worker (DJL/PyTorch).",
        description = {"Run one training worker: claims jobs from flemme.commands (one at a time; start more workers to",
                "train more jobs at once), trains them with DJL/PyTorch, checkpoints, exports ONNX.",
                "/health and /metrics on --host:--port. Runs until Ctrl-C."})
final class WorkerRoleCommand implements Callable<Integer> {
    @Mixin
    KafkaClientOptions kafka;

    @Mixin
    BrokerWaitOptions brokerWait;

    @Mixin
    HttpOptions http;

    @Option(names = "--device", defaultValue = "auto", description = "auto | cpu | cuda:N (default: ${DEFAULT-VALUE}; auto = first GPU if DJL sees one)")
    String device;

    @Option(names = "--artifacts", defaultValue = ".flemme/artifacts", description = "checkpoint/model directory root, shared with serving (default: ${DEFAULT-VALUE})")
    Path artifacts;


    @Option(names = "--id", description = "worker id (default: host-pid)")
    String id;

    @Override
    public Integer call() throws Exception {
        kafka.verifyBroker("worker", brokerWait.timeout());
        StopSignal stop = new StopSignal();
        Vertx vertx = Vertx.vertx();
        stop.onStop("vert.x", () -> vertx.close().await(10, TimeUnit.SECONDS));
        WorkerOptions opts = WorkerOptions.defaults(kafka.bootstrap()).withKafkaSettings(kafka.settings()).withDevice(device).withArtifactRoot(artifacts.toAbsolutePath())
                .withHttp(http.host(), http.port());
        if (id != null) {
            opts = opts.withWorkerId(id);
        }
        Worker w = Worker.start(vertx, opts).await(60, TimeUnit.SECONDS);
        stop.onStop("worker", () -> w.stop().await(90, TimeUnit.SECONDS));
        System.err.println("worker " + w.workerId() + " up; metrics on http://" + http.host() + ":" + w.httpPort() + "/metrics  (Ctrl-C to stop)");
        stop.await();
        return 0;
    }
}
